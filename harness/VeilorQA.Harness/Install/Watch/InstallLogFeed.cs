using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Install.Watch;

/// <summary>Polls the two followed files into an <see cref="InstallWatcher"/> until the caller says the install has ended.</summary>
public static class InstallLogFeed
{
    /// <summary>
    /// Reads new lines from <paramref name="anacondaLog"/> (the virtio log channel's file; null when the VM has none) and
    /// <paramref name="console"/> (the serial log) every <paramref name="interval"/>, stamped with
    /// <paramref name="time"/>'s clock, until <paramref name="stop"/> returns true; then reads once more and flushes both
    /// files' last partial lines, so nothing written before the end is lost.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the lines read so
    /// far, the partial ones included, are in the watcher).</exception>
    public static async Task RunAsync(
        InstallWatcher watcher,
        LineFollower? anacondaLog,
        LineFollower console,
        Func<bool> stop,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        try
        {
            // No deadline of its own: the caller's stop decides (its install has its own timeout).
            await new Poll("the caller to stop the install log feed", TimeSpan.MaxValue).Every(interval).On(time).UntilAsync(_ =>
            {
                if (stop())
                {
                    return Task.FromResult(PollOutcome<bool>.Done(true));
                }

                Pump(watcher, anacondaLog, console, time);
                return Task.FromResult(PollOutcome<bool>.NotYet($"the install still running ({watcher.Current})"));
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Pump(watcher, anacondaLog, console, time);
            var now = time.GetUtcNow();
            if (anacondaLog?.Flush() is { } lastLog)
            {
                watcher.OnAnacondaLogLine(lastLog, now);
            }

            if (console.Flush() is { } lastConsole)
            {
                watcher.OnConsoleLine(lastConsole, now);
            }
        }
    }

    private static void Pump(InstallWatcher watcher, LineFollower? anacondaLog, LineFollower console, TimeProvider time)
    {
        var now = time.GetUtcNow();
        foreach (var line in anacondaLog?.ReadNewLines() ?? [])
        {
            watcher.OnAnacondaLogLine(line, now);
        }

        foreach (var line in console.ReadNewLines())
        {
            watcher.OnConsoleLine(line, now);
        }
    }
}
