using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Systemd;

/// <summary>
/// Waits until systemd finished starting up (<c>systemctl is-system-running --wait</c>): SSH answers long before
/// a TCG guest has started everything, and its first commands then time out or see services not up yet.
/// </summary>
public static class BootCompletion
{
    public const string WaitCommand = "systemctl is-system-running --wait";

    /// <summary>States in which start-up is over (degraded: over, with a failed unit — the suites judge that themselves).</summary>
    public static readonly IReadOnlySet<string> Finished = new HashSet<string>(StringComparer.Ordinal) { "running", "degraded" };

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    /// <summary>The state reached; on expiry throws <see cref="WaitTimeoutException"/> with the last state or error seen.</summary>
    /// <remarks>Commands the shell could not deliver (a channel not opened in time) are retried: that is the load this wait is for.</remarks>
    public static async Task<string> WaitAsync(IShell shell, TimeSpan timeout, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var time = timeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var lastSeen = "(nothing read yet)";
        while (true)
        {
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new WaitTimeoutException("systemd to finish starting up (systemctl is-system-running)", timeout, lastSeen);
            }

            try
            {
                var result = await shell.RunAsync(WaitCommand, remaining, cancellationToken);
                var state = result.StandardOutput.Trim();
                if (Finished.Contains(state))
                {
                    return state;
                }

                lastSeen = $"'{state}' (exit {result.ExitCode})";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastSeen = $"(not read: {e.GetType().Name}: {e.Message.Split('\n')[0]})";
            }

            await Task.Delay(Retry, time, cancellationToken);
        }
    }
}
