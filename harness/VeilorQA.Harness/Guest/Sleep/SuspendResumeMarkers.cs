using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>The suspend/resume evidence found in a journal slice, with times for the per-cycle figures.</summary>
public sealed record SuspendResumeMarkers(
    IReadOnlyList<JournalEntry> SleepStarts,
    IReadOnlyList<JournalEntry> KernelEntries,
    IReadOnlyList<JournalEntry> KernelExits,
    IReadOnlyList<JournalEntry> SleepStops)
{
    /// <summary>A completed cycle: the kernel left suspend and systemd reported the return.</summary>
    public bool Resumed => KernelExits.Count > 0 && SleepStops.Count > 0;

    public int CompletedCycles => Math.Min(KernelExits.Count, SleepStops.Count);

    public DateTimeOffset? SuspendRequestedAt => SleepStarts.Count > 0 ? SleepStarts[0].Timestamp : KernelEntries.Count > 0 ? KernelEntries[0].Timestamp : null;

    public DateTimeOffset? ResumedAt => SleepStops.Count > 0 ? SleepStops[^1].Timestamp : KernelExits.Count > 0 ? KernelExits[^1].Timestamp : null;

    public static SuspendResumeMarkers From(IReadOnlyList<JournalEntry> entries) => new(
        entries.Where(JournalMarkers.IsSystemdSleepStart).ToList(),
        entries.Where(JournalMarkers.IsKernelSuspendEntry).ToList(),
        entries.Where(JournalMarkers.IsKernelSuspendExit).ToList(),
        entries.Where(JournalMarkers.IsSystemdSleepStop).ToList());

    /// <summary>Says which marker is missing, for a failure message.</summary>
    public override string ToString()
    {
        var missing = new List<string>();
        if (KernelExits.Count == 0)
        {
            missing.Add($"kernel '{JournalMarkers.KernelSuspendExit}'");
        }

        if (SleepStops.Count == 0)
        {
            missing.Add("systemd 'System returned from sleep'");
        }

        return missing.Count == 0
            ? $"{CompletedCycles} suspend cycle(s) completed, last resume at {ResumedAt:HH:mm:ss.fff}"
            : $"no resume seen: missing {string.Join(" and ", missing)} (sleep started {SleepStarts.Count}×, kernel entered {KernelEntries.Count}×)";
    }
}
