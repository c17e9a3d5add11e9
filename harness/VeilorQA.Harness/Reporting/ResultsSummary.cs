using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VeilorQA.Harness.Reporting;

/// <summary>Counts per status and the failed/broken tests of an allure-results folder, printable as plain text.</summary>
/// <remarks>
/// A test retried in the same folder (same history id) counts once, with its last result, as Allure shows it.
/// </remarks>
public sealed record ResultsSummary(IReadOnlyDictionary<AllureStatus, int> Counts, IReadOnlyList<SummaryEntry> Problems)
{
    public int Total => Counts.Values.Sum();

    public int Count(AllureStatus status) => Counts.GetValueOrDefault(status);

    /// <summary>True when nothing failed or broke.</summary>
    public bool IsGreen => Count(AllureStatus.Failed) == 0 && Count(AllureStatus.Broken) == 0;

    /// <summary>Reads every <c>*-result.json</c> of a folder; a file that is not a result is an error naming it.</summary>
    public static ResultsSummary Read(string resultsDirectory) => Of(ReadResults(resultsDirectory));

    /// <summary>Every <c>*-result.json</c> of a folder; a file that is not a result is an error naming it.</summary>
    public static IReadOnlyList<TestResult> ReadResults(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory))
        {
            throw new DirectoryNotFoundException($"no allure-results folder at {resultsDirectory}");
        }

        var results = new List<TestResult>();
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "*-result.json"))
        {
            try
            {
                results.Add(AllureJson.Deserialize<TestResult>(File.ReadAllText(file)));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}: not an Allure result: {e.Message}", e);
            }
        }

        return results;
    }

    public static ResultsSummary Of(IEnumerable<TestResult> results)
    {
        var latest = results
            .GroupBy(r => r.HistoryId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Stop).Last())
            .ToList();
        var counts = Enum.GetValues<AllureStatus>().ToDictionary(s => s, s => latest.Count(r => r.Status == s));
        var problems = latest
            .Where(r => r.Status is AllureStatus.Failed or AllureStatus.Broken)
            .OrderBy(r => r.Status)
            .ThenBy(r => r.FullName, StringComparer.Ordinal)
            .Select(r => new SummaryEntry(r.FullName, r.Status, FirstLine(r.StatusDetails?.Message)))
            .ToList();
        return new ResultsSummary(counts, problems);
    }

    /// <summary>A plain table: one line per status, then one line per failed or broken test.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"status",-8} {"tests",5}\n");
        foreach (var status in Enum.GetValues<AllureStatus>())
        {
            text.Append(CultureInfo.InvariantCulture, $"{status.ToString().ToLowerInvariant(),-8} {Count(status),5}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{"total",-8} {Total,5}\n");
        if (Problems.Count > 0)
        {
            text.Append('\n');
            foreach (var problem in Problems)
            {
                var status = problem.Status.ToString().ToLowerInvariant();
                text.Append(CultureInfo.InvariantCulture, $"{status.ToUpperInvariant(),-6} {problem.FullName}");
                text.Append(problem.FirstMessageLine.Length == 0 ? "\n" : $": {problem.FirstMessageLine}\n");
            }
        }

        return text.ToString();
    }

    private static string FirstLine(string? message) =>
        message?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
}
