using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>
/// Turns what a caller picked from the matrix into the runs to execute, each a <see cref="ResolvedRun"/>. The one place
/// that decides which runs a selection means and how an ad-hoc run of command-line faults is named and shaped:
/// <c>veilorqa run</c> and a plain <c>dotnet test</c> of the release suites both go through it.
/// </summary>
public static class RunResolver
{
    /// <summary>The name of the ad-hoc run that command-line faults make on <paramref name="target"/>.</summary>
    public static string AdHocRunName(string target) => $"adhoc-{target}";

    /// <summary>The runs a selection asks for, each with the cases it narrows to; runs left without a case are dropped.</summary>
    /// <remarks>
    /// Named runs win; else runs on the named targets (fault runs included only when no faults are named);
    /// else the default release runs (without faults), or with <see cref="MatrixSelection.SelfTest"/> the default fault
    /// runs. Named faults make an ad-hoc run on each named target (or the default target)
    /// over the named suites (or the suites the faults break). Named suites narrow the result.
    /// </remarks>
    /// <exception cref="KeyNotFoundException">A run, target, suite or fault the matrix does not define; the message lists what it does.</exception>
    /// <exception cref="ArgumentException">Faults asked of a target that cannot switch them; the self-test combined with a named run, target or fault.</exception>
    public static IReadOnlyList<ResolvedRun> Resolve(TestMatrix matrix, string matrixFile, MatrixSelection selection)
    {
        if (selection.SelfTest && (selection.Runs.Count > 0 || selection.Targets.Count > 0 || selection.Faults.Count > 0))
        {
            throw new ArgumentException("--self-test runs the matrix's default fault runs; it cannot be combined with --run, --target or --fault (name the fault runs with --run instead).");
        }

        foreach (var name in selection.Suites)
            matrix.Suite(name);
        IEnumerable<MatrixRun> runs;
        if (selection.Faults.Count > 0)
        {
            var faults = selection.Faults.Select(matrix.Fault).ToList();
            var suites = selection.Suites.Count > 0 ? selection.Suites : faults.Select(f => f.Breaks).Distinct().ToList();
            var targets = selection.Targets.Count > 0 ? selection.Targets : [matrix.DefaultTargetName];
            runs = targets.Select(t => matrix.CanTakeFaults(matrix.Target(t))
                    ? new MatrixRun(AdHocRunName(t), t, new ValueList<string>(suites), new ValueList<string>(selection.Faults), false, "from the command line")
                    : throw new ArgumentException($"Target '{t}' cannot switch faults: only a VM booting a reference-guest artifact can."))
                .ToList();
        }
        else if (selection.Runs.Count > 0)
        {
            runs = selection.Runs.Distinct().Select(matrix.Run).ToList();
        }
        else if (selection.Targets.Count > 0)
        {
            foreach (var name in selection.Targets)
                matrix.Target(name);
            runs = matrix.Runs.Where(r => selection.Targets.Contains(r.Target) && !r.IsFaultRun);
        }
        else
        {
            runs = matrix.DefaultRuns.Where(r => r.IsFaultRun == selection.SelfTest);
        }

        return runs
            .Select(run => Resolve(matrix, matrixFile, run, selection.Suites))
            .Where(run => run.Cases.Count > 0)
            .ToList();
    }

    /// <summary>What a plain <c>dotnet test</c> of the release suites runs: the first default run without faults.</summary>
    /// <exception cref="InvalidOperationException">The matrix has no such run.</exception>
    public static ResolvedRun DefaultRun(TestMatrix matrix, string matrixFile) =>
        Resolve(matrix, matrixFile, MatrixSelection.Default).FirstOrDefault(r => !r.Run.IsFaultRun)
        ?? throw new InvalidOperationException($"{matrixFile} has no default run without faults: name one with `veilorqa run --run NAME`.");

    private static ResolvedRun Resolve(TestMatrix matrix, string matrixFile, MatrixRun run, IReadOnlyList<string> suites)
    {
        var target = matrix.Target(run.Target);
        var cases = matrix.CasesOf(run).Where(c => suites.Count == 0 || suites.Contains(c.Suite.Name));
        return new ResolvedRun(
            ResolvedRun.CurrentVersion,
            matrixFile,
            run,
            target,
            matrix.ArtifactOf(target),
            new ValueList<Fault>(run.Faults.Select(matrix.Fault)),
            new ValueList<MatrixCase>(cases))
        {
            InstallImage = target is VmProfile { InstallImage: { } image } ? matrix.Artifact(image) : null,
            UpdateImage = target is VmProfile { UpdateImage: { } update } ? matrix.Artifact(update) : null,
        };
    }
}
