using System.Globalization;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Every failure text of the suspend-wifi suite, in one place so the fault tests see the suite's real texts: the
/// product failures it asserts (<see cref="DidNotReconnect"/> is the one the <c>wifi-no-resume</c> fault must show) and
/// the descriptions of the waits it gives up on as infrastructure problems.
/// </summary>
public static class SuspendWifiFailures
{
    /// <summary>The station is not on the network even before any suspend.</summary>
    public static string NotConnectedBeforeSuspend(string ssid, TimeSpan budget, string lastSeen) =>
        $"wifi: the station is not connected to '{ssid}' even before suspending ({Seconds(budget)} s after the boot): {lastSeen}";

    /// <summary>The station joined another network than the target's.</summary>
    public static string ConnectedElsewhere(string? ssid, string expected, string state) =>
        $"wifi: the station is connected to '{ssid ?? "(no SSID listed)"}', not to the target's network '{expected}' ({state})";

    /// <summary>The target kept answering after <c>systemctl suspend</c>.</summary>
    public static string DidNotSuspend(int cycle, TimeSpan budget) =>
        $"cycle {cycle}: the target still answered {Seconds(budget)} s after 'systemctl suspend': it did not suspend (journal attached)";

    /// <summary>The shell is back after the wake but the journal has no resume of this cycle.</summary>
    public static string NoResumeMarkers(int cycle, string markers) =>
        $"cycle {cycle}: the shell is back but the journal since the suspend shows no complete resume ({markers})";

    /// <summary>The fault's symptom: the system resumed (both markers logged) and the station stayed off the network.</summary>
    public static string DidNotReconnect(int cycle, TimeSpan budget, string lastSeen) =>
        $"cycle {cycle}: wifi did not reconnect within {Seconds(budget)} s after a resume that happened " +
        $"(the kernel and systemd logged the resume; no command was run on the station to help it); last seen: {lastSeen}. " +
        "nmcli state and the journal since the suspend are attached";

    /// <summary>The station came back, but later than the budget allows.</summary>
    public static string ReconnectedLate(int cycle, TimeSpan budget, TimeSpan took, string how) =>
        $"cycle {cycle}: wifi came back only {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the resume, past the {Seconds(budget)} s budget ({how})";

    /// <summary>Connected on paper, but the AP does not answer.</summary>
    public static string NoTraffic(int cycle, string state, string ap, TimeSpan budget, string lastLine) =>
        $"cycle {cycle}: wifi shows {state} but traffic does not flow to the AP {ap} within {Seconds(budget)} s of the resume: {lastLine}";

    /// <summary>
    /// The target's sleep gave up waiting for the shell after the wake (a <c>WaitTimeoutException</c>: the target's state is
    /// unknown); <paramref name="waitedFor"/> is the sleep's own description (after waking it, or after its RTC alarm was due).
    /// </summary>
    public static string ShellNotBack(int cycle, string waitedFor) =>
        $"cycle {cycle}: {waitedFor}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
}
