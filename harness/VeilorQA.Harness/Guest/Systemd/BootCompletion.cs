using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Waiting;

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

    // The last look after the budget ran out still gets a command timeout a shell can work with.
    private static readonly TimeSpan MinimumLook = TimeSpan.FromSeconds(5);

    /// <summary>The state reached; on expiry throws <see cref="WaitTimeoutException"/> with the last state or error seen.</summary>
    /// <remarks>Commands the shell could not deliver (a channel not opened in time) are retried: that is the load this wait is for.</remarks>
    public static async Task<string> WaitAsync(IShell shell, TimeSpan timeout, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var polled = await new Poll("systemd to finish starting up (systemctl is-system-running)", timeout).Every(Retry).On(timeProvider)
            .RetryingOn<Exception>(static e => e is not OperationCanceledException)
            .UntilAsync(async (attempt, ct) =>
            {
                var result = await shell.RunAsync(WaitCommand, attempt.Remaining > MinimumLook ? attempt.Remaining : MinimumLook, ct);
                var state = result.StandardOutput.Trim();
                return Finished.Contains(state) ? PollOutcome<string>.Done(state) : PollOutcome<string>.NotYet($"'{state}' (exit {result.ExitCode})");
            }, cancellationToken);
        return polled.Value;
    }
}
