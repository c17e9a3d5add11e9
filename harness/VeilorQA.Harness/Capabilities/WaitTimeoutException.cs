namespace VeilorQA.Harness.Capabilities;

/// <summary>A wait expired; carries what was seen (last console lines, a screenshot path) for the report.</summary>
public sealed class WaitTimeoutException : Exception
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
