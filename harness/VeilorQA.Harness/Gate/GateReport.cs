using System.Globalization;
using System.Text;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// Merges the jobs' Allure results into one folder for the gate's single report and marks what the decision made of
/// them: the passing retry of a flaky test gets Allure's <c>flaky</c> mark (its failed first attempt stays, shown as
/// a retry of the same test), a quarantined failure says so in its message, and two categories come first in
/// categories.json. Results of a retry that does not count (pull requests) are left out.
/// </summary>
public static class GateReport
{
    /// <summary>Category of the passing retries of flaky tests.</summary>
    public static Category FlakyCategory { get; } = new("Flaky: passed on the retry (does not block)")
    {
        Description = "Failed on the first attempt and passed on the retry; blocks only when flaky again within the window (see the verdict).",
        MatchedStatuses = [AllureStatus.Passed, AllureStatus.Failed, AllureStatus.Broken],
        Flaky = true,
    };

    /// <summary>Category of failures excused by quarantine.yml (message starts with <c>[quarantined</c>).</summary>
    public static Category QuarantinedCategory { get; } = new("Quarantined (reported, does not block)")
    {
        Description = "A failure quarantine.yml excuses until the entry's expiry; the message names the owner and the tracker.",
        MatchedStatuses = [AllureStatus.Failed, AllureStatus.Broken],
        MessageRegex = "(?s)\\[quarantined .*",
    };

    /// <summary>Writes the merged results of <paramref name="jobs"/> to <paramref name="resultsDirectory"/> (emptied first).</summary>
    public static void Merge(ReleaseDecision decision, IReadOnlyList<GateJob> jobs, string resultsDirectory, ExecutorInfo? executor)
    {
        if (Directory.Exists(resultsDirectory))
        {
            Directory.Delete(resultsDirectory, recursive: true);
        }

        Directory.CreateDirectory(resultsDirectory);
        var fromRetry = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            Copy(job.First?.ResultsDirectory, resultsDirectory, null);
            if (decision.Policy.RetriesCount)
            {
                Copy(job.Retry?.ResultsDirectory, resultsDirectory, fromRetry);
            }
        }

        var results = Directory.EnumerateFiles(resultsDirectory, "*-result.json")
            .Select(f => (File: f, Result: AllureJson.Deserialize<TestResult>(File.ReadAllText(f))))
            .ToList();
        foreach (var c in decision.Cases)
        {
            var ofCase = results.Where(r => Has(r.Result, "run", c.Run) && Has(r.Result, LabelNames.Tag, c.Suite)).ToList();
            if (c.RetriedTests is { Count: > 0 } retried)
            {
                foreach (var (file, result) in ofCase.Where(r => fromRetry.Contains(Path.GetFileName(r.File)) && r.Result.Status == AllureStatus.Passed && retried.Contains(Method(r.Result))))
                {
                    Rewrite(file, result with
                    {
                        StatusDetails = (result.StatusDetails ?? new StatusDetails()) with { Flaky = true, Message = $"flaky: failed on the first attempt, passed on the retry ({Word(c)})" },
                        Labels = [.. result.Labels, Label.Tag("flaky")],
                    });
                }
            }

            if (c.Kind == DecisionKind.Quarantined && c.Quarantine is { } entry)
            {
                var latest = ofCase.GroupBy(r => r.Result.HistoryId, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Result.Stop).Last());
                foreach (var (file, result) in latest.Where(r => r.Result.Status is AllureStatus.Failed or AllureStatus.Broken))
                {
                    var note = $"[quarantined until {entry.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, owner {entry.Owner}, {entry.Tracker}] ";
                    Rewrite(file, result with
                    {
                        StatusDetails = (result.StatusDetails ?? new StatusDetails()) with { Muted = true, Message = note + result.StatusDetails?.Message },
                        Labels = [.. result.Labels, Label.Tag("quarantined")],
                    });
                }
            }
        }

        var categoriesFile = Path.Combine(resultsDirectory, "categories.json");
        var categories = File.Exists(categoriesFile) ? AllureJson.Deserialize<List<Category>>(File.ReadAllText(categoriesFile)) : [.. DefectCategories.All];
        File.WriteAllText(categoriesFile, AllureJson.Serialize<IReadOnlyList<Category>>([FlakyCategory, QuarantinedCategory, .. categories.Where(k => k.Name != FlakyCategory.Name && k.Name != QuarantinedCategory.Name)]));

        var environmentFile = Path.Combine(resultsDirectory, "environment.properties");
        var environment = File.Exists(environmentFile) ? EnvironmentProperties.Parse(File.ReadAllText(environmentFile)) : new SortedDictionary<string, string>(StringComparer.Ordinal);
        environment["release.decision"] = decision.Go ? "GO" : "NO-GO";
        environment["release.retries"] = decision.Policy.RetriesCount ? "once (push to main or a release tag)" : "none (pull request or local)";
        environment["release.flaky_window"] = decision.Policy.Window.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(environmentFile, EnvironmentProperties.Format(environment), Encoding.UTF8);
        if (executor is not null)
        {
            File.WriteAllText(Path.Combine(resultsDirectory, "executor.json"), AllureJson.Serialize(executor));
        }
    }

    /// <summary>Puts the kept Allure history into the results before rendering, so trends and Allure's own flaky marks span runs.</summary>
    public static void RestoreHistory(string historyDirectory, string resultsDirectory) =>
        CopyFolder(Path.Combine(historyDirectory, "allure", "history"), Path.Combine(resultsDirectory, "history"));

    /// <summary>Keeps the rendered report's history (and the flaky history beside the report) for the next gate run.</summary>
    public static void KeepHistory(string reportDirectory, string historyDirectory)
    {
        CopyFolder(Path.Combine(reportDirectory, "history"), Path.Combine(historyDirectory, "allure", "history"));
    }

    private static string Word(CaseDecision c) => c.Kind == DecisionKind.Flaky ? "does not block" : $"{c.Kind.ToString().ToLowerInvariant()}: see the verdict";

    private static string Method(TestResult result) => result.Labels.FirstOrDefault(l => l.Name == LabelNames.TestMethod)?.Value ?? result.Name;

    private static bool Has(TestResult result, string label, string value) => result.Labels.Any(l => l.Name == label && l.Value == value);

    private static void Rewrite(string file, TestResult result) => File.WriteAllText(file, AllureJson.Serialize(result));

    private static void Copy(string? from, string to, HashSet<string>? names)
    {
        if (from is null || !Directory.Exists(from))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            var target = Path.Combine(to, name);
            // Run-wide files (categories, environment, executor) come from the first job that has them.
            if (File.Exists(target) && !name.Contains("-result.json", StringComparison.Ordinal) && !name.Contains("-container.json", StringComparison.Ordinal) && !name.Contains("-attachment", StringComparison.Ordinal))
            {
                continue;
            }

            File.Copy(file, target, overwrite: true);
            names?.Add(name);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
