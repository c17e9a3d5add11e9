using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Capabilities;

/// <summary>A wait expired; carries what was seen (last console lines, a screenshot path) for the report.</summary>
/// <remarks>
/// An <see cref="InfrastructureException"/>: the wait itself cannot know why the state never came (a slow runner, a lost
/// channel, a target that hangs). A suite that can read the target's state afterwards and knows what it means (the shell
/// answers but wifi is still down) turns it into its own product assertion; otherwise it propagates.
/// </remarks>
public sealed class WaitTimeoutException : InfrastructureException
{
    public WaitTimeoutException(string waitedFor, TimeSpan timeout, string lastSeen, string? screenshotPath = null)
        : base(Describe(waitedFor, timeout, lastSeen, screenshotPath))
    {
        WaitedFor = waitedFor;
        Timeout = timeout;
        LastSeen = lastSeen;
        ScreenshotPath = screenshotPath;
    }

    public string WaitedFor { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The tail of what the channel showed before the timeout (already redacted).</summary>
    public string LastSeen { get; }

    public string? ScreenshotPath { get; }

    private static string Describe(string waitedFor, TimeSpan timeout, string lastSeen, string? screenshot) =>
        $"Timed out after {timeout.TotalSeconds:0.#} s waiting for {waitedFor}."
        + (screenshot is null ? string.Empty : $" Screenshot: {screenshot}.")
        + $"\nLast seen:\n{lastSeen}";
}
