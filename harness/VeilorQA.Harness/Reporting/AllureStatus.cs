namespace VeilorQA.Harness.Reporting;

/// <summary>The outcome of a test, step or fixture as Allure 2 names it.</summary>
/// <remarks>
/// <see cref="Failed"/> is an assertion that did not hold (a product defect); <see cref="Broken"/> is an
/// unexpected exception (infrastructure or test defect); <see cref="Skipped"/> never ran to the end.
/// </remarks>
public enum AllureStatus
{
    Passed,
    Failed,
    Broken,
    Skipped,
}
