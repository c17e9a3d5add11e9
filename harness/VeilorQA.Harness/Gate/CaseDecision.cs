using VeilorQA.Harness.Gate.Quarantine;

namespace VeilorQA.Harness.Gate;

/// <summary>The release decision on one case (a suite of a run), with what it was made from.</summary>
/// <param name="Run">Matrix run.</param>
/// <param name="Suite">Suite.</param>
/// <param name="Target">Target.</param>
/// <param name="Kind">What the gate made of it.</param>
/// <param name="Reason">Why, in a release manager's words (the judge's reason, the retry, the quarantine entry, the flaky history).</param>
/// <param name="FirstOutcome">The judge's outcome on the first attempt (null: no verdict).</param>
/// <param name="RetryOutcome">The judge's outcome on the retry (null: not retried, or the retry did not count).</param>
/// <param name="Quarantine">The entry that excused it.</param>
/// <param name="RetriedTests">For a flaky case: the tests that failed first and passed on the retry.</param>
public sealed record CaseDecision(
    string Run,
    string Suite,
    string Target,
    DecisionKind Kind,
    string Reason,
    string? FirstOutcome,
    string? RetryOutcome,
    QuarantineEntry? Quarantine = null,
    IReadOnlyList<string>? RetriedTests = null)
{
    public string Case => $"{Run}/{Suite}";

    /// <summary>The suite's wall time on the attempt that decided it, when recorded.</summary>
    public TimeSpan? WallTime { get; init; }

    public bool Blocks => Kind == DecisionKind.Failed;

    /// <summary>One verdict line: kind, case, target, reason.</summary>
    public string Line() => $"{Word,-11} {Case,-36} {Target,-14} {Reason}";

    private string Word => Kind switch
    {
        DecisionKind.Passed => "PASSED",
        DecisionKind.NotRun => "NOT RUN",
        DecisionKind.Flaky => "FLAKY",
        DecisionKind.Quarantined => "QUARANTINED",
        _ => "FAILED",
    };
}
