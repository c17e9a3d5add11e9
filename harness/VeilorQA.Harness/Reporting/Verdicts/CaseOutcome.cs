namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>How a matrix case compared with what the matrix expects of it.</summary>
public enum CaseOutcome
{
    /// <summary>Passed where it must pass, or failed (a product failure, with the expected message) where a fault must break it.</summary>
    Met,

    /// <summary>Anything else: a failure on a clean run, a pass under its fault, a broken (infrastructure) result, no result at all.</summary>
    NotMet,

    /// <summary>Every test of the case was skipped (the target lacks a capability); neither proof nor failure.</summary>
    Skipped,
}
