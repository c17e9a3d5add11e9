using Microsoft.Extensions.Time.Testing;

namespace VeilorQA.Harness.Tests.Guest.Wifi;

/// <summary>A fake clock that signals each timer the code under test creates, so a test advances time exactly when a wait is pending.</summary>
internal sealed class SteppingTimeProvider : FakeTimeProvider, IDisposable
{
    private readonly SemaphoreSlim _timerCreated = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timerCreated.Release();
        return timer;
    }

    /// <summary>Advances by <paramref name="step"/> each time the task starts a delay, until the task ends.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan step)
    {
        while (!task.IsCompleted)
        {
            var pending = _timerCreated.WaitAsync();
            if (await Task.WhenAny(pending, task) == task)
            {
                break;
            }

            Advance(step);
        }

        return await task;
    }

    public void Dispose() => _timerCreated.Dispose();
}
