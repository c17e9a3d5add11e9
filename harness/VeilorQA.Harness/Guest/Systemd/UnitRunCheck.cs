using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Systemd;

/// <summary>The firstboot verdict: the unit is wanted by its target and its start job completed exactly once.</summary>
public sealed record UnitRunCheck(SystemdUnitState State, string Target, IReadOnlyList<JournalEntry> Runs)
{
    public bool WantedByTarget => State.WantedBy.Contains(Target);

    public bool RanOnce => Runs.Count == 1 && State.Result is null or "success";

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

            if (Runs.Count != 1)
            {
                problems.Add(Runs.Count == 0 ? "it never ran" : $"it ran {Runs.Count} times ({string.Join(", ", Runs.Select(r => r.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))})");
            }

            if (State.Result is not null and not "success")
            {
                problems.Add($"its last run ended with result '{State.Result}', exit status {State.ExecMainStatus}");
            }

            return problems.Count == 0
                ? $"{State.Id} is wanted by {Target} and ran once."
                : $"{State.Id}: " + string.Join("; ", problems) + ".";
        }
    }

    public override string ToString() => Verdict;
}
