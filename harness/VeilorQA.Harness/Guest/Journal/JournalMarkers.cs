namespace VeilorQA.Harness.Guest.Journal;

/// <summary>Journal lines that mark suspend and resume, by kernel text and by systemd's catalogued MESSAGE_IDs.</summary>
public static class JournalMarkers
{
    /// <summary>SD_MESSAGE_SLEEP_START: systemd-sleep "Entering sleep state 'suspend'...".</summary>
    public const string SleepStartMessageId = "6bbd95ee977941e497c48be27c254128";

    /// <summary>SD_MESSAGE_SLEEP_STOP: "System returned from sleep state." (systemd ≤255) / "... sleep operation '…'." (newer).</summary>
    public const string SleepStopMessageId = "8811e6df2a8e40f58a94cea26f8ebf14";

    /// <summary>SD_MESSAGE_UNIT_STARTED: a start job finished ("Started X." / "Finished X.").</summary>
    public const string UnitStartedMessageId = "39f53479d3a045ac8e11786248231fbf";

    /// <summary>SD_MESSAGE_UNIT_FAILED: a start job did not complete ("Failed to start X."), with JOB_RESULT=failed, timeout, dependency...</summary>
    public const string UnitFailedMessageId = "be02cf6855d2428ba40df7e9d022f03d";

    public const string KernelSuspendEntry = "PM: suspend entry";

    public const string KernelSuspendExit = "PM: suspend exit";

    public static bool IsKernelSuspendEntry(JournalEntry e) => e.IsKernel && e.Message.StartsWith(KernelSuspendEntry, StringComparison.Ordinal);

    public static bool IsKernelSuspendExit(JournalEntry e) => e.IsKernel && e.Message.StartsWith(KernelSuspendExit, StringComparison.Ordinal);

    public static bool IsSystemdSleepStart(JournalEntry e) =>
        e.MessageId == SleepStartMessageId || e.Message.StartsWith("Entering sleep state", StringComparison.Ordinal);

    /// <summary>Matches by MESSAGE_ID, and by text for logs that lost their fields (forwarded syslog, older "System resumed.").</summary>
    public static bool IsSystemdSleepStop(JournalEntry e) =>
        e.MessageId == SleepStopMessageId
        || e.Message.StartsWith("System returned from sleep", StringComparison.Ordinal)
        || e.Message == "System resumed.";
}
