namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>One test of a release suite as the built assembly declares it: the suite it belongs to, its NUnit full name and method.</summary>
/// <param name="Suite">The <c>[ReleaseSuite]</c> name (the matrix's suite name).</param>
/// <param name="FullName">Namespace, class and method, as NUnit and the Allure results name the test.</param>
/// <param name="Method">The method name, as waivers name a test.</param>
public sealed record CataloguedTest(string Suite, string FullName, string Method)
{
    /// <summary>Whether a result's full name is this test's (a parameterized test adds its arguments in parentheses).</summary>
    public bool Names(string resultFullName) =>
        resultFullName == FullName || (resultFullName.StartsWith(FullName, StringComparison.Ordinal) && resultFullName.Length > FullName.Length && resultFullName[FullName.Length] == '(');
}
