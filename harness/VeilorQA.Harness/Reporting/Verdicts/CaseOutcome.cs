namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>How a matrix case compared with what the matrix expects of it.</summary>
public enum CaseOutcome
{
    /// <summary>A clean case whose every test ran and passed (or was skipped under a waiver of its run), or a case its fault
    /// breaks that failed as a product failure with the fault's message.</summary>
    Met,

    /// <summary>Anything else; <see cref="NotMetCause"/> says what kind of anything.</summary>
    NotMet,
}
