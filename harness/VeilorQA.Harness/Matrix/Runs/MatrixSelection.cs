namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>What a caller picked from the matrix (command-line <c>--run/--target/--suite/--fault/--self-test</c>); empty lists mean "not narrowed".</summary>
/// <param name="Runs">Run names (<c>--run</c>).</param>
/// <param name="Targets">Target names (<c>--target</c>): their runs without faults.</param>
/// <param name="Suites">Suite names (<c>--suite</c>) that narrow whatever else was picked.</param>
/// <param name="Faults">Fault names (<c>--fault</c>): an ad-hoc run of the suites they break.</param>
/// <param name="SelfTest">
/// With nothing else picked: the default runs that switch faults on (the harness's self-test) instead of the default
/// release runs. A release needs the release runs only; the fault proofs are run by <c>.ci/run</c>, the gate and by name.
/// </param>
public sealed record MatrixSelection(
    IReadOnlyList<string> Runs,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Faults,
    bool SelfTest = false)
{
    /// <summary>The default runs, nothing narrowed.</summary>
    public static MatrixSelection Default { get; } = new([], [], [], []);
}
