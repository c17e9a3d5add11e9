using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>
/// One matrix run resolved once — its target entry, the artifact the target boots or has installed, the faults
/// switched on and every case with the outcome it must have — so that the process that runs the suites never reads
/// the matrix or re-derives a run. <c>veilorqa run</c> writes it as JSON (<see cref="ResolvedRunFile"/>); the release
/// suites read it back.
/// </summary>
/// <param name="Version">The run file's schema version (<see cref="CurrentVersion"/>); a reader refuses any other.</param>
/// <param name="MatrixFile">The matrix it was resolved from, for the report only: nothing reads it again.</param>
/// <param name="Run">The run as the matrix (or the command line, for an ad-hoc run) names it.</param>
/// <param name="Target">The target entry the run's suites run on.</param>
/// <param name="Artifact">What the target boots (VM) or has installed (laptop), if it names one.</param>
/// <param name="Faults">The faults switched on for every boot, with the suite each breaks and the failure it must show.</param>
/// <param name="Cases">The run's cases in matrix order, narrowed to the suites asked for.</param>
public sealed record ResolvedRun(
    int Version,
    string MatrixFile,
    MatrixRun Run,
    TargetEntry Target,
    Artifact? Artifact,
    ValueList<Fault> Faults,
    ValueList<MatrixCase> Cases)
{
    /// <summary>The only run-file schema version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The run's name (a matrix run, or an ad-hoc run of the command line).</summary>
    /// <summary>The image a VM target installs (its <c>install_image</c> artifact), or null when the target boots its artifact directly.</summary>
    public Artifact? InstallImage { get; init; }

    /// <summary>The image the system a VM target installs is upgraded to (its <c>update_image</c> artifact), or null.</summary>
    public Artifact? UpdateImage { get; init; }

    public string Name => Run.Name;

    /// <summary>The case of <paramref name="suite"/> in this run, or null when the run does not include the suite.</summary>
    public MatrixCase? CaseFor(string suite) => Cases.FirstOrDefault(c => c.Suite.Name == suite);
}
