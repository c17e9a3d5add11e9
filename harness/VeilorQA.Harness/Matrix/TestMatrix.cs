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
    ValueList<Target> Targets,
    ValueList<Suite> Suites,
    ValueList<Fault> Faults,
    ValueList<MatrixRun> Runs)
{
    /// <summary>The only schema version this model reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The target used when none is named (the reference guest VM).</summary>
    public Target DefaultTarget => Target(DefaultTargetName);

    /// <summary>Runs of a plain <c>veilorqa run</c>.</summary>
    public IReadOnlyList<MatrixRun> DefaultRuns => Runs.Where(r => r.IsDefault).ToList();

    /// <summary>Runs with faults switched on, whose broken suites must fail.</summary>
    public IReadOnlyList<MatrixRun> FaultRuns => Runs.Where(r => r.IsFaultRun).ToList();

    public Artifact Artifact(string name) => Find(Artifacts, a => a.Name, name, "artifact");

    public Target Target(string name) => Find(Targets, t => t.Name, name, "target");

    public Suite Suite(string name) => Find(Suites, s => s.Name, name, "suite");

    public Fault Fault(string name) => Find(Faults, f => f.Name, name, "fault");

    public MatrixRun Run(string name) => Find(Runs, r => r.Name, name, "run");

    /// <summary>The artifact a target boots (VM) or has installed (laptop), if it names one.</summary>
    public Artifact? ArtifactOf(Target target) => target.ArtifactName is null ? null : Artifact(target.ArtifactName);

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

    /// <summary>The cases a selection asks for.</summary>
    /// <remarks>
    /// Named runs win; else runs on the named targets (fault runs included only when no faults are named);
    /// else the default runs. Named faults make an ad-hoc run on each named target (or the default target)
    /// over the named suites (or the suites the faults break). Named suites narrow the result.
    /// </remarks>
    public IReadOnlyList<MatrixCase> Cases(MatrixSelection selection)
    {
        foreach (var name in selection.Suites)
            Suite(name);
        IEnumerable<MatrixCase> cases;
        if (selection.Faults.Count > 0)
        {
            var faults = selection.Faults.Select(Fault).ToList();
            var suites = selection.Suites.Count > 0 ? selection.Suites : faults.Select(f => f.Breaks).Distinct().ToList();
            var targets = selection.Targets.Count > 0 ? selection.Targets : [DefaultTargetName];
            var adHoc = targets.Select(t => CanTakeFaults(Target(t))
                ? new MatrixRun($"adhoc-{t}", t, new ValueList<string>(suites), new ValueList<string>(selection.Faults), false, "from the command line")
                : throw new ArgumentException($"Target '{t}' cannot switch faults: only a VM booting a reference-guest artifact can."))
                .ToList();
            cases = adHoc.SelectMany(CasesOf);
        }
        else if (selection.Runs.Count > 0)
        {
            cases = selection.Runs.Select(Run).SelectMany(CasesOf);
        }
        else if (selection.Targets.Count > 0)
        {
            foreach (var name in selection.Targets)
                Target(name);
            cases = Runs.Where(r => selection.Targets.Contains(r.Target) && !r.IsFaultRun).SelectMany(CasesOf);
        }
        else
        {
            cases = DefaultRuns.SelectMany(CasesOf);
        }

        return cases.Where(c => selection.Suites.Count == 0 || selection.Suites.Contains(c.Suite.Name)).ToList();
    }

    /// <summary>Whether faults can be switched on this target (a VM booting the reference guest).</summary>
    public bool CanTakeFaults(Target target) =>
        target is VmTarget vm && Artifact(vm.BootArtifact) is ReferenceGuestArtifact;

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
