using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Guest.Health;

/// <summary>
/// Whether a booted system is healthy: systemd's overall state, the failed units, the kernel's crash reports of this
/// boot and this boot's coredumps. A degraded system or a failed unit passes every other suite; this is where it shows.
/// </summary>
/// <param name="SystemState"><c>systemctl is-system-running</c>: <c>running</c> when all is well (<c>degraded</c> with a failed unit).</param>
/// <param name="FailedUnits">Units in the failed state.</param>
/// <param name="KernelProblems">Kernel log lines reporting an oops, BUG, panic or call trace.</param>
/// <param name="Coredumps">Processes that dumped core in this boot.</param>
public sealed record SystemHealth(string SystemState, IReadOnlyList<FailedUnit> FailedUnits, IReadOnlyList<string> KernelProblems, IReadOnlyList<Coredump> Coredumps)
{
    /// <summary>What is wrong, one sentence each; failed units named in <paramref name="waivers"/> are accepted (and a state of
    /// <c>degraded</c> caused by them alone). Empty when healthy.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyList<UnitWaiver> waivers)
    {
        var problems = new List<string>();
        var unwaived = FailedUnits.Where(u => !waivers.Any(w => w.Unit == u.Unit)).ToList();
        var degradedByWaivedOnly = SystemState == "degraded" && unwaived.Count == 0 && FailedUnits.Count > 0;
        if (SystemState != "running" && !degradedByWaivedOnly)
        {
            problems.Add($"systemctl is-system-running says '{SystemState}', not 'running'");
        }

        if (unwaived.Count > 0)
        {
            problems.Add($"{unwaived.Count} failed unit(s): {string.Join("; ", unwaived)}");
        }

        if (KernelProblems.Count > 0)
        {
            problems.Add($"the kernel log of this boot reports {KernelProblems.Count} problem line(s): {string.Join(" | ", KernelProblems.Take(5))}");
        }

        if (Coredumps.Count > 0)
        {
            problems.Add($"{Coredumps.Count} coredump(s) in this boot: {string.Join("; ", Coredumps)}");
        }

        return problems;
    }

    /// <summary>The failed units the waivers accept, with their reasons (for the report).</summary>
    public IReadOnlyList<UnitWaiver> Waived(IReadOnlyList<UnitWaiver> waivers) =>
        waivers.Where(w => FailedUnits.Any(u => u.Unit == w.Unit)).ToList();

    public override string ToString() =>
        $"state {SystemState}; failed units: {(FailedUnits.Count == 0 ? "none" : string.Join("; ", FailedUnits))}; "
        + $"kernel problems: {KernelProblems.Count}; coredumps: {(Coredumps.Count == 0 ? "none" : string.Join("; ", Coredumps))}";
}
