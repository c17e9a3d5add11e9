using System.Globalization;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>
/// How the shutdown before this boot finalized a staged deployment, from that boot's journal: when systemd began stopping
/// <c>ostree-finalize-staged.service</c> (its <c>ExecStop</c> is <c>ostree admin finalize-staged</c>, which <c>bootc upgrade</c>
/// relies on too), when ostree started, when it had merged <c>/etc</c>, when the new boot loader configuration was written
/// and synced ("Transaction complete"), and when the unit stopped; then how long the rest of the shutdown kept journaling.
/// A phase ostree never reached is null: a shutdown that skipped the finalization has no <see cref="Completed"/>.
/// </summary>
public sealed record StagedFinalizeTimeline(
    DateTimeOffset? StopRequested,
    DateTimeOffset? Started,
    DateTimeOffset? EtcMerged,
    DateTimeOffset? Completed,
    DateTimeOffset? Stopped,
    DateTimeOffset? JournalEnd,
    string? Transaction)
{
    /// <summary>The unit that finalizes staged deployments at shutdown (ostree's, used by bootc as well).</summary>
    public const string Unit = "ostree-finalize-staged.service";

    /// <summary>ostree wrote the new boot loader configuration: the staged deployment is the default from the next boot.</summary>
    public bool Finalized => Completed is not null;

    /// <summary>From systemd's stop request to the unit's stop: what the finalization added to the shutdown.</summary>
    public TimeSpan? Total => Span(StopRequested, Stopped);

    /// <summary>Builds the timeline from the unit's entries (<c>journalctl -u</c>) and the boot's last entry.</summary>
    public static StagedFinalizeTimeline From(IEnumerable<JournalEntry> unitEntries, JournalEntry? lastOfBoot)
    {
        ArgumentNullException.ThrowIfNull(unitEntries);
        DateTimeOffset? stopRequested = null, started = null, etcMerged = null, completed = null, stopped = null;
        string? transaction = null;
        foreach (var e in unitEntries.OrderBy(e => e.Timestamp))
        {
            var m = e.Message;
            if (m.StartsWith("Stopping ", StringComparison.Ordinal) && IsFromSystemd(e))
            {
                // Only the last shutdown counts: a unit stopped by hand earlier in the boot has its own, older stop.
                stopRequested = e.Timestamp;
                started = etcMerged = completed = stopped = null;
                transaction = null;
            }
            else if (m.StartsWith("Finalizing staged deployment", StringComparison.Ordinal))
            {
                started ??= e.Timestamp;
            }
            else if (m.StartsWith("Copying /etc changes", StringComparison.Ordinal))
            {
                etcMerged ??= e.Timestamp;
            }
            else if (m.StartsWith("Transaction complete", StringComparison.Ordinal))
            {
                completed ??= e.Timestamp;
                transaction ??= m;
            }
            else if (m.StartsWith("Stopped ", StringComparison.Ordinal) && IsFromSystemd(e))
            {
                stopped = e.Timestamp;
            }
        }

        return new StagedFinalizeTimeline(stopRequested, started, etcMerged, completed, stopped, lastOfBoot?.Timestamp, transaction);
    }

    public override string ToString()
    {
        if (StopRequested is null)
        {
            return $"{Unit} was not stopped during that shutdown (no staged deployment, or the unit never ran)";
        }

        var phases = $"{Unit} stop took {Seconds(Total)}: ostree started after {Seconds(Span(StopRequested, Started))}, "
            + $"/etc merged after {Seconds(Span(Started, EtcMerged))}, boot loader written and synced after {Seconds(Span(EtcMerged, Completed))}";
        var rest = JournalEnd is null ? string.Empty : $"; the journal ended {Seconds(Span(Stopped, JournalEnd))} after the unit stopped";
        return Finalized
            ? $"finalized: {phases}{rest} ({Transaction})"
            : $"NOT finalized (ostree never reported 'Transaction complete'): {phases}{rest}";
    }

    private static bool IsFromSystemd(JournalEntry e) => e.Identifier == "systemd" || e.Field("_PID") == "1";

    private static TimeSpan? Span(DateTimeOffset? from, DateTimeOffset? to) => from is null || to is null ? null : to - from;

    private static string Seconds(TimeSpan? span) =>
        span is null ? "n/a" : span.Value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
