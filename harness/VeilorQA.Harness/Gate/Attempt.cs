using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Gate;

/// <summary>One <c>veilorqa run</c> of a gate job (the first, or the retry of its failed cases): its verdicts and its Allure results folder.</summary>
public sealed record Attempt(string Directory, IReadOnlyList<RecordedVerdict> Verdicts)
{
    public string VerdictsFile => Path.Combine(Directory, "verdicts.json");

    public string ResultsDirectory => Path.Combine(Directory, "allure-results");

    public RecordedVerdict? Of(string run, string suite) => Verdicts.FirstOrDefault(v => v.Run == run && v.Suite == suite);

    /// <summary>The method names of the case's failed or broken tests (latest result per test), from the attempt's Allure results.</summary>
    public IReadOnlyList<string> FailingTests(string run, string suite)
    {
        if (!System.IO.Directory.Exists(ResultsDirectory))
        {
            return [];
        }

        return ResultsSummary.ReadResults(ResultsDirectory)
            .Where(r => Has(r, "run", run) && Has(r, LabelNames.Tag, suite))
            .GroupBy(r => r.HistoryId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Stop).Last())
            .Where(r => r.Status is AllureStatus.Failed or AllureStatus.Broken)
            .Select(r => r.Labels.FirstOrDefault(l => l.Name == LabelNames.TestMethod)?.Value ?? r.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads the attempt in <paramref name="directory"/> (its verdicts.json must be there).</summary>
    /// <exception cref="InvalidDataException">No or unreadable verdicts.json.</exception>
    public static Attempt Read(string directory) => new(directory, RecordedVerdict.ReadFile(Path.Combine(directory, "verdicts.json")));

    private static bool Has(TestResult result, string label, string value) => result.Labels.Any(l => l.Name == label && l.Value == value);
}
