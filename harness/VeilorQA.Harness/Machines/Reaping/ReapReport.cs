namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>What one reaper pass found and did.</summary>
public sealed record ReapReport(
    IReadOnlyList<string> OrphanedRuns,
    IReadOnlyList<string> LiveRuns,
    IReadOnlyList<string> RemovedDomains,
    IReadOnlyList<string> RemovedPaths,
    IReadOnlyList<string> Failures,
    bool DryRun)
{
    /// <summary>Containers removed (name and short id), found by their run label.</summary>
    public IReadOnlyList<string> RemovedContainers { get; init; } = [];

    public override string ToString()
    {
        var verb = DryRun ? "would remove" : "removed";
        var lines = new List<string>
        {
            $"{OrphanedRuns.Count} orphaned run(s), {LiveRuns.Count} live run(s) left alone; {verb} {RemovedDomains.Count} domain(s), {RemovedContainers.Count} container(s), {RemovedPaths.Count} path(s), {Failures.Count} failure(s).",
        };
        lines.AddRange(RemovedDomains.Select(d => $"  domain {d}"));
        lines.AddRange(RemovedContainers.Select(c => $"  container {c}"));
        lines.AddRange(RemovedPaths.Select(p => $"  path   {p}"));
        lines.AddRange(LiveRuns.Select(r => $"  live   {r}"));
        lines.AddRange(Failures.Select(f => $"  failed {f}"));
        return string.Join('\n', lines);
    }
}
