using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// A case verdict as an Allure result of its own, under the parent suite <see cref="ParentSuite"/>: the first thing the
/// release report lists, one line per case, passed when met, failed for a product failure, broken when not proven. Its
/// history id is the case's (run + suite), so the report's trend follows each case from run to run.
/// </summary>
public static class VerdictResult
{
    /// <summary>The parent suite verdicts are listed under.</summary>
    public const string ParentSuite = "Release decision";

    /// <summary>The tag every verdict result carries (the suites' own results are tagged with their suite name).</summary>
    public const string Tag = "case-verdict";

    public static TestResult Of(CaseVerdict verdict, string uuid, long start, long stop)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var waived = verdict.Waived.Count == 0
            ? string.Empty
            : "\n\nWaived:\n" + string.Join("\n", verdict.Waived.Select(w => $"- {w.Test} under `{w.Waiver}`: {w.Reason}"));
        return new TestResult
        {
            Uuid = uuid,
            HistoryId = Hash($"verdict|{verdict.Run}|{verdict.Suite}"),
            TestCaseId = Hash($"verdict|{verdict.Suite}"),
            FullName = $"{ParentSuite}.{verdict.Run}.{verdict.Suite}",
            Name = verdict.Name,
            Status = DefectCategories.StatusOf(verdict),
            StatusDetails = new StatusDetails { Message = $"{verdict.Label}: {verdict.Reason}" + (verdict.Waived.Count == 0 ? string.Empty : $" (waived: {string.Join("; ", verdict.Waived)})") },
            Description = $"**{verdict.Label}** — expected to {(verdict.Expected == Matrix.Runs.Expectation.Pass ? "pass" : "fail under " + string.Join(", ", verdict.Faults))}.\n\n{verdict.Reason}{waived}",
            Labels =
            [
                Label.ParentSuite(ParentSuite), Label.Suite(verdict.Run), Label.Feature(verdict.Suite), Label.Tag(Tag),
                Label.Severity(Severity.Blocker), new Label(LabelNames.Host, Environment.MachineName),
            ],
            Parameters =
            [
                new Parameter("target", verdict.Target),
                new Parameter("faults", verdict.Faults.Count == 0 ? "none" : string.Join(",", verdict.Faults)),
                new Parameter("expected", verdict.Expected.ToString().ToLowerInvariant()),
                new Parameter("tests", string.Create(CultureInfo.InvariantCulture,
                    $"{verdict.Passed} passed, {verdict.Failed} failed, {verdict.Broken} broken, {verdict.Skipped} skipped, {verdict.Missing} missing")) { Excluded = true },
                new Parameter("suite wall time", string.Create(CultureInfo.InvariantCulture, $"{verdict.WallTime.TotalSeconds:0.0} s")) { Excluded = true },
            ],
            Start = start,
            Stop = Math.Max(start, stop),
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
