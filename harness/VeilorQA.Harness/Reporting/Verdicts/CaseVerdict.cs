using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>The verdict on one matrix case (a suite of a run): outcome, why, and the suite's wall time.</summary>
public sealed record CaseVerdict(
    string Run,
    string Suite,
    string Target,
    IReadOnlyList<string> Faults,
    Expectation Expected,
    CaseOutcome Outcome,
    string Reason,
    int Passed,
    int Failed,
    int Broken,
    int Skipped,
    TimeSpan WallTime)
{
    public string Line() =>
        $"{Outcome switch { CaseOutcome.Met => "MET    ", CaseOutcome.NotMet => "NOT MET", _ => "SKIPPED" }} {Run,-28} {Suite,-14} expected {Expected.ToString().ToLowerInvariant(),-4} " +
        $"{Passed} passed {Failed} failed {Broken} broken {Skipped} skipped  {WallTime.TotalSeconds,6:0.0} s  {Reason}";
}
