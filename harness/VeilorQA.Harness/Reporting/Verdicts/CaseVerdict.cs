using System.Globalization;
using VeilorQA.Harness.Matrix.Runs;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>The verdict on one matrix case (a suite of a run): outcome, its cause when not met, why, the counts, the waivers used and the suite's wall time.</summary>
public sealed record CaseVerdict(
    string Run,
    string Suite,
    string Target,
    IReadOnlyList<string> Faults,
    Expectation Expected,
    CaseOutcome Outcome,
    NotMetCause? Cause,
    string Reason,
    int Passed,
    int Failed,
    int Broken,
    int Skipped,
    int Missing,
    IReadOnlyList<WaivedSkip> Waived,
    TimeSpan WallTime)
{
    /// <summary>The case as the report names it, e.g. <c>kms on refvm + nomodeset</c>.</summary>
    public string Name => Faults.Count == 0 ? $"{Suite} on {Target}" : $"{Suite} on {Target} + {string.Join(" + ", Faults)}";

    /// <summary>MET, or NOT MET with its cause in brackets.</summary>
    public string Label => Outcome == CaseOutcome.Met
        ? "MET"
        : $"NOT MET [{Cause switch { NotMetCause.Product => "product", NotMetCause.Infrastructure => "infrastructure", NotMetCause.Harness => "harness", _ => "not proven" }}]";

    public string Line() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Label,-24} {Run,-28} {Suite,-14} expected {Expected.ToString().ToLowerInvariant(),-4} " +
            $"{Passed} passed {Failed} failed {Broken} broken {Skipped} skipped{(Missing > 0 ? $" {Missing} missing" : string.Empty)}  {WallTime.TotalSeconds,6:0.0} s  {Reason}") +
        (Waived.Count == 0 ? string.Empty : $"; waived: {string.Join("; ", Waived)}");
}
