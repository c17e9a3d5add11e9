using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Reporting.Verdicts;

namespace VeilorQA.Harness.Reporting;

/// <summary>The <c>categories.json</c> VeilorQA writes, one per report, in the taxonomy of <see cref="FailureClass"/>.</summary>
/// <remarks>
/// A failed assertion means veilor-os misbehaved (product defect). A broken test hit an exception: an
/// <c>InfrastructureException</c> (recognised by its type, <see cref="FailureClassifier.InfrastructurePattern"/>) is an
/// infrastructure problem, any other a harness error. The release report also holds one result per case verdict, whose
/// message starts with its label (<c>NOT MET [infrastructure]</c>, <c>NOT MET [not proven]</c>). The fault-proof report
/// holds the failures the faults require in a category of their own, so an expected failure never reads as a product
/// defect. Allure puts a result into every category that matches, so each pattern excludes the others explicitly.
/// </remarks>
public static class DefectCategories
{
    private const string InfrastructureVerdict = "NOT MET \\[infrastructure\\]";
    private const string NotProvenVerdict = "NOT MET \\[not proven\\]";

    public static Category ProductDefects { get; } = new("Product defects")
    {
        Description = "An assertion about veilor-os did not hold where the case must pass.",
        MatchedStatuses = [AllureStatus.Failed],
    };

    public static Category InfrastructureProblems { get; } = new("Infrastructure problems")
    {
        Description = "The harness could not drive the target: a VM did not start, a channel was lost, a wait ran out while the target's state was unknown.",
        MatchedStatuses = [AllureStatus.Broken],
        MessageRegex = $"(?s)(?:{InfrastructureVerdict}.*|{FailureClassifier.InfrastructurePattern})",
    };

    public static Category NotProven { get; } = new("Not proven")
    {
        Description = "A case whose tests were skipped, inconclusive or never reported, without a waiver of its run.",
        MatchedStatuses = [AllureStatus.Broken],
        MessageRegex = $"(?s){NotProvenVerdict}.*",
    };

    public static Category HarnessErrors { get; } = new("Harness errors")
    {
        Description = "The harness or a suite threw an unexpected exception, or a fault was not caught as it must be.",
        MatchedStatuses = [AllureStatus.Broken],
        MessageRegex = $"(?s)(?!{InfrastructureVerdict}|{NotProvenVerdict})(?!{FailureClassifier.InfrastructurePattern}$).*",
    };

    /// <summary>The categories of the release report (clean cases and every case verdict).</summary>
    public static IReadOnlyList<Category> All { get; } = [ProductDefects, InfrastructureProblems, NotProven, HarnessErrors];

    /// <summary>The categories of the fault-proof report: a failure matching a fault's <c>expect:</c> is the proof, not a defect.</summary>
    public static IReadOnlyList<Category> ForFaultProofs(IEnumerable<Fault> faults)
    {
        var expected = string.Join("|", faults.Select(f => $"(?:{f.Expect})").Distinct(StringComparer.Ordinal));
        if (expected.Length == 0)
        {
            return [InfrastructureProblems, HarnessErrors];
        }

        return
        [
            new Category("Failed as its fault requires")
            {
                Description = "A suite a fault breaks failed with the fault's own symptom: the proof that the suite catches the fault.",
                MatchedStatuses = [AllureStatus.Failed],
                MessageRegex = $"(?s).*(?:{expected}).*",
            },
            new Category("Failed otherwise than its fault requires")
            {
                Description = "A suite a fault breaks failed, but not with the fault's symptom: no proof.",
                MatchedStatuses = [AllureStatus.Failed],
                MessageRegex = $"(?s)(?!.*(?:{expected})).*",
            },
            InfrastructureProblems,
            HarnessErrors,
        ];
    }

    /// <summary>The Allure status a case verdict's own result shows: passed when met, failed for a product failure, broken otherwise.</summary>
    public static AllureStatus StatusOf(CaseVerdict verdict) =>
        verdict.Outcome == CaseOutcome.Met ? AllureStatus.Passed : verdict.Cause == NotMetCause.Product ? AllureStatus.Failed : AllureStatus.Broken;
}
