namespace VeilorQA.Harness.Reporting;

/// <summary>Where results go: VEILORQA_ALLURE_RESULTS, else <c>allure-results</c> in the working folder.</summary>
public static class AllureResultsDirectory
{
    public const string Variable = "VEILORQA_ALLURE_RESULTS";

    public static string Resolve()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return Path.GetFullPath(string.IsNullOrEmpty(value) ? Path.Combine(Directory.GetCurrentDirectory(), "allure-results") : value);
    }
}
