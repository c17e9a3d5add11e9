namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>A plan entry: these suites on this target, with these faults switched on.</summary>
/// <remarks><see cref="IsDefault"/> runs are part of a plain <c>veilorqa run</c>; others run only when named.</remarks>
public sealed record MatrixRun(
    string Name,
    string Target,
    ValueList<string> Suites,
    ValueList<string> Faults,
    bool IsDefault,
    string? Description)
{
    public bool IsFaultRun => Faults.Count > 0;

    /// <summary>Skips this run accepts, each for one suite's test or capability, with the reason (<c>waive:</c>).</summary>
    public ValueList<Waiver> Waivers { get; init; } = ValueList<Waiver>.Empty;
}
