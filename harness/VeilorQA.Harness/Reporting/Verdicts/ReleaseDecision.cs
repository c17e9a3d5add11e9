namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// What a set of case verdicts decides, and the exit code of <c>veilorqa run</c>: 0 when every case is met (GO); 1 when a
/// case that must pass failed as a product failure (NO-GO: veilor-os is wrong); 3 when no product failure was seen but
/// some case is not proven (infrastructure, harness error, skipped or missing tests): the gate cannot decide. 2 is left to
/// bad input (a matrix or selection that cannot run), which never reaches a verdict.
/// </summary>
public sealed record ReleaseDecision(int Cases, int Met, int ProductFailures, int Unproven, int Waived)
{
    public const int GoExitCode = 0;
    public const int ProductFailureExitCode = 1;
    public const int BadInputExitCode = 2;
    public const int NotProvenExitCode = 3;

    public static ReleaseDecision Of(IReadOnlyCollection<CaseVerdict> verdicts) => new(
        verdicts.Count,
        verdicts.Count(v => v.Outcome == CaseOutcome.Met),
        verdicts.Count(v => v.Outcome == CaseOutcome.NotMet && v.Cause == NotMetCause.Product),
        verdicts.Count(v => v.Outcome == CaseOutcome.NotMet && v.Cause != NotMetCause.Product),
        verdicts.Sum(v => v.Waived.Count));

    public int ExitCode => ProductFailures > 0 ? ProductFailureExitCode : Unproven > 0 || Cases == 0 ? NotProvenExitCode : GoExitCode;

    /// <summary>One line a release manager reads first.</summary>
    public string Headline => ExitCode switch
    {
        GoExitCode => $"GO: all {Cases} cases met" + (Waived > 0 ? $" ({Waived} skipped test(s) waived)" : string.Empty),
        ProductFailureExitCode => $"NO-GO: {ProductFailures} of {Cases} cases failed on veilor-os" + (Unproven > 0 ? $", {Unproven} more not proven" : string.Empty),
        _ => $"NOT PROVEN: {Unproven} of {Cases} cases could not be proven (infrastructure, harness or skipped tests); no product failure seen",
    };
}
