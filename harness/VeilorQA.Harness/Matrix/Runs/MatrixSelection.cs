namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>What a caller picked from the matrix (command-line <c>--run/--target/--suite/--fault</c>); empty lists mean "not narrowed".</summary>
public sealed record MatrixSelection(
    IReadOnlyList<string> Runs,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Faults)
{
    /// <summary>The default runs, nothing narrowed.</summary>
    public static MatrixSelection Default { get; } = new([], [], [], []);
}
