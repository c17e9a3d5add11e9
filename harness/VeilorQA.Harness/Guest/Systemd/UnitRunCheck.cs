using System.Globalization;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Systemd;

/// <summary>The firstboot verdict: the unit is wanted by its target and its start job completed exactly once, and never failed.</summary>
/// <remarks>
/// A unit that started, did its work and exited non-zero leaves no "started" record, only a failed start job: the verdict
/// then says it ran and failed, with the exit status and its last journal lines, never that it did not run.
/// </remarks>
public sealed record UnitRunCheck(SystemdUnitState State, string Target, IReadOnlyList<JournalEntry> Runs)
{
    /// <summary>Start jobs in which the unit ran and failed (JOB_RESULT failed or timeout).</summary>
    public IReadOnlyList<JournalEntry> FailedRuns { get; init; } = [];

    /// <summary>The unit's last journal lines, read when it failed.</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];

    public bool WantedByTarget => State.WantedBy.Contains(Target);

    public bool RanOnce => Runs.Count == 1 && FailedRuns.Count == 0 && State.Result is null or "success";

    public bool Passed => State.Exists && WantedByTarget && RanOnce;

    public string Verdict
    {
        get
        {
            if (!State.Exists)
            {
                return $"{State.Id} does not exist on the target (LoadState={State.LoadState}).";
            }

            var problems = new List<string>();
            if (!WantedByTarget)
            {
                problems.Add($"it is not wanted by {Target} (WantedBy=[{string.Join(' ', State.WantedBy)}], UnitFileState={State.UnitFileState}), so it never starts at boot");
            }

            var failed = FailedRuns.Count > 0 || State.Result is not null and not "success";
            if (failed)
            {
                var times = FailedRuns.Count switch
                {
                    0 => string.Empty,
                    1 => $" at {Time(FailedRuns[0])}",
                    var n => $" {n} times ({string.Join(", ", FailedRuns.Select(Time))})",
                };
                var lines = LastLines.Count == 0 ? string.Empty : $"; its last journal lines: {string.Join(" / ", LastLines)}";
                problems.Add($"it ran and failed{times}: result '{State.Result ?? "?"}', exit status {State.ExecMainStatus?.ToString(CultureInfo.InvariantCulture) ?? "?"}{lines}");
            }

            if (Runs.Count > 1)
            {
                problems.Add($"it ran {Runs.Count} times ({string.Join(", ", Runs.Select(Time))})");
            }
            else if (Runs.Count == 0 && !failed)
            {
                problems.Add("it never ran");
            }

            return problems.Count == 0
                ? $"{State.Id} is wanted by {Target} and ran once."
                : $"{State.Id}: " + string.Join("; ", problems) + ".";
        }
    }

    public override string ToString() => Verdict;

    private static string Time(JournalEntry entry) => entry.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
