namespace VeilorQA.Harness.Reporting;

/// <summary>How bad a failure of the test would be; Allure shows it as the <c>severity</c> label.</summary>
public enum Severity
{
    Blocker,
    Critical,
    Normal,
    Minor,
    Trivial,
}
