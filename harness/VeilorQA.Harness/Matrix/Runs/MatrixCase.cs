using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>One test case the release suites draw from the matrix: a suite on a target, booted with faults.</summary>
/// <remarks><see cref="MissingCapabilities"/> are required by the suite but absent on the target: the case is skipped with them as the reason.</remarks>
public sealed record MatrixCase(
    MatrixRun Run,
    Suite Suite,
    TargetEntry Target,
    Artifact? Artifact,
    ValueList<Fault> Faults,
    Expectation Expected,
    ValueList<Capability> MissingCapabilities)
{
    public bool CanRun => MissingCapabilities.Count == 0;

    /// <summary>A stable test-case name, e.g. <c>kms@refvm+nomodeset</c>.</summary>
    public string DisplayName =>
        Faults.Count == 0 ? $"{Suite.Name}@{Target.Name}" : $"{Suite.Name}@{Target.Name}+{string.Join("+", Faults.Select(f => f.Name))}";

    public override string ToString() => DisplayName;
}
