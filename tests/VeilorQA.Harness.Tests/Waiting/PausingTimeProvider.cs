using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace VeilorQA.Harness.Tests.Waiting;

/// <summary>A fake clock that lets each pause a wait starts run out at once, and remembers how long each pause was.</summary>
internal sealed class PausingTimeProvider : FakeTimeProvider, IDisposable
{
    private readonly ConcurrentQueue<TimeSpan> _created = new();
    private readonly SemaphoreSlim _timerCreated = new(0);

    public PausingTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Every pause the wait asked for, in order.</summary>
    public List<TimeSpan> Pauses { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Enqueue(dueTime);
        _timerCreated.Release();
        return timer;
    }

    /// <summary>Advances the clock by each pause <paramref name="task"/> starts, until it ends; <paramref name="beforeEachPause"/> runs before the clock moves.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, Action<int>? beforeEachPause = null)
    {
        while (!task.IsCompleted)
        {
            var pending = _timerCreated.WaitAsync();
            if (await Task.WhenAny(pending, task) == task)
            {
                break;
            }

            _created.TryDequeue(out var due);
            Pauses.Add(due);
            beforeEachPause?.Invoke(Pauses.Count);
            Advance(due);
        }

        return await task;
    }

    public void Dispose() => _timerCreated.Dispose();
}
