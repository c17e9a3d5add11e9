using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix;

/// <summary>TestMatrix.yml as a validated, immutable model: what to test, where, and which faults prove it.</summary>
/// <remarks>
/// Built by <see cref="TestMatrixLoader"/>, which guarantees every name referenced here is defined,
/// so the lookups below only fail for names that come from outside the file (command line, tests).
/// </remarks>
public sealed record TestMatrix(
    int Version,
    string DefaultTargetName,
    ValueList<Artifact> Artifacts,
    ValueList<TargetEntry> Targets,
    ValueList<Suite> Suites,
    ValueList<Fault> Faults,
    ValueList<MatrixRun> Runs)
{
    /// <summary>The only schema version this model reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The target used when none is named (the reference guest VM).</summary>
    public TargetEntry DefaultTarget => Target(DefaultTargetName);

    /// <summary>Runs of a plain <c>veilorqa run</c>.</summary>
    public IReadOnlyList<MatrixRun> DefaultRuns => Runs.Where(r => r.IsDefault).ToList();

    /// <summary>Runs with faults switched on, whose broken suites must fail.</summary>
    public IReadOnlyList<MatrixRun> FaultRuns => Runs.Where(r => r.IsFaultRun).ToList();

    public Artifact Artifact(string name) => Find(Artifacts, a => a.Name, name, "artifact");

    public TargetEntry Target(string name) => Find(Targets, t => t.Name, name, "target");

    public Suite Suite(string name) => Find(Suites, s => s.Name, name, "suite");

    public Fault Fault(string name) => Find(Faults, f => f.Name, name, "fault");

    public MatrixRun Run(string name) => Find(Runs, r => r.Name, name, "run");

    /// <summary>The artifact a target boots (VM) or has installed (laptop), if it names one.</summary>
    public Artifact? ArtifactOf(TargetEntry target) => target.ArtifactName is null ? null : Artifact(target.ArtifactName);

    /// <summary>The cases of one suite over the default runs, or over the runs <paramref name="include"/> selects.</summary>
    public IReadOnlyList<MatrixCase> CasesFor(string suiteName, Func<MatrixRun, bool>? include = null)
    {
        var suite = Suite(suiteName);
        return Cases(include).Where(c => c.Suite == suite).ToList();
    }

    /// <summary>Every case of the default runs, or of the runs <paramref name="include"/> selects, in file order.</summary>
    public IReadOnlyList<MatrixCase> Cases(Func<MatrixRun, bool>? include = null)
    {
        include ??= r => r.IsDefault;
        return Runs.Where(include).SelectMany(CasesOf).ToList();
    }

    /// <summary>Whether faults can be switched on this target (a VM booting the reference guest, or install faults on a VM the run installs).</summary>
    public bool CanTakeFaults(TargetEntry target) =>
        target is VmProfile vm && (Artifact(vm.BootArtifact) is ReferenceGuestArtifact || vm.InstallImage is not null);

    /// <summary>The cases of one run: each of its suites on its target with its faults, expected to fail where a fault breaks the suite.</summary>
    public IEnumerable<MatrixCase> CasesOf(MatrixRun run)
    {
        var target = Target(run.Target);
        var faults = new ValueList<Fault>(run.Faults.Select(Fault));
        foreach (var suite in run.Suites.Select(Suite))
        {
            var expected = faults.Any(f => f.Breaks == suite.Name) ? Expectation.Fail : Expectation.Pass;
            var missing = new ValueList<Capability>(suite.Requires.Where(c => !target.Has(c)));
            yield return new MatrixCase(run, suite, target, ArtifactOf(target), faults, expected, missing);
        }
    }

    private static T Find<T>(IEnumerable<T> items, Func<T, string> nameOf, string name, string what) =>
        items.FirstOrDefault(i => nameOf(i) == name)
        ?? throw new KeyNotFoundException(
            $"No {what} named '{name}' in the matrix; defined: {string.Join(", ", items.Select(nameOf))}.");
}
