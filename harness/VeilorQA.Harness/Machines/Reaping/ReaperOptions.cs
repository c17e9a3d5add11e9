using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;

namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>What the reaper looks at. Defaults: the harness state folder and the temp folder, every run but this process's own.</summary>
public sealed record ReaperOptions
{
    /// <summary>Folders whose <c>veilorqa-*</c> entries belong to runs. Default: <see cref="HarnessPaths.State"/>, the temp folder and libvirt's QEMU and swtpm log folders.</summary>
    public IReadOnlyList<string> Folders { get; init; } = [HarnessPaths.State, Path.GetTempPath(), LibvirtHostPaths.QemuLogs, LibvirtHostPaths.SwtpmLogs];

    /// <summary>Where run owner files live; owner files of reaped runs are removed. Default: <see cref="HarnessPaths.Runs"/>.</summary>
    public string RunsFolder { get; init; } = HarnessPaths.Runs;

    /// <summary>When set, only these run ids are considered (tests use it so they never touch other runs).</summary>
    public IReadOnlySet<string>? OnlyRuns { get; init; }

    /// <summary>Runs never reaped whatever their owner file says. Default: this process's run.</summary>
    public IReadOnlySet<string> ProtectedRuns { get; init; } = new HashSet<string> { RunId.Current.Value };

    /// <summary>Decides whether a run may be reaped. Default: <see cref="RunLiveness.IsOrphaned(string)"/>.</summary>
    public Func<string, bool> IsOrphaned { get; init; } = RunLiveness.IsOrphaned;

    /// <summary>Where run-labelled containers are found and removed; null skips containers. Default: <see cref="DockerRunContainers"/>.</summary>
    public IRunContainers? Containers { get; init; } = new DockerRunContainers();

    /// <summary>List what would be removed without removing it.</summary>
    public bool DryRun { get; init; }

    internal bool Considers(string runId) => (OnlyRuns is null || OnlyRuns.Contains(runId)) && !ProtectedRuns.Contains(runId);
}
