using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// Compares the Allure results of one run with the matrix: a clean case must pass; a case a fault
/// breaks must fail as a product failure whose message matches the fault's <c>expect:</c>. A broken
/// result (infrastructure) never proves anything.
/// </summary>
public static class ExpectationJudge
{
    /// <summary>The results of one case: those tagged with the suite's name (its NUnit category).</summary>
    public static IReadOnlyList<TestResult> ResultsOf(MatrixCase matrixCase, IEnumerable<TestResult> runResults) =>
        runResults.Where(r => r.Labels.Any(l => l.Name == LabelNames.Tag && l.Value == matrixCase.Suite.Name)).ToList();

    public static CaseVerdict Judge(MatrixCase matrixCase, IReadOnlyList<TestResult> results)
    {
        var passed = results.Count(r => r.Status == AllureStatus.Passed);
        var failed = results.Count(r => r.Status == AllureStatus.Failed);
        var broken = results.Count(r => r.Status == AllureStatus.Broken);
        var skipped = results.Count(r => r.Status == AllureStatus.Skipped);
        var wall = results.Count == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(results.Max(r => r.Stop) - results.Min(r => r.Start));

        var (outcome, reason) = Decide(matrixCase, results, passed, failed, broken, skipped);
        return new CaseVerdict(
            matrixCase.Run.Name, matrixCase.Suite.Name, matrixCase.Target.Name, matrixCase.Faults.Select(f => f.Name).ToList(),
            matrixCase.Expected, outcome, reason, passed, failed, broken, skipped, wall);
    }

    private static (CaseOutcome, string) Decide(MatrixCase matrixCase, IReadOnlyList<TestResult> results, int passed, int failed, int broken, int skipped)
    {
        if (results.Count == 0)
        {
            return (CaseOutcome.NotMet, "no result: the suite did not run");
        }

        if (broken > 0)
        {
            return (CaseOutcome.NotMet, $"broken (infrastructure or test error): {FirstMessage(results, AllureStatus.Broken)}");
        }

        if (matrixCase.Expected == Expectation.Pass)
        {
            if (failed > 0)
            {
                return (CaseOutcome.NotMet, $"failed: {FirstMessage(results, AllureStatus.Failed)}");
            }

            return passed == 0
                ? (CaseOutcome.Skipped, $"skipped: {FirstMessage(results, AllureStatus.Skipped)}")
                : (CaseOutcome.Met, skipped == 0 ? "passed" : $"passed ({skipped} skipped: {FirstMessage(results, AllureStatus.Skipped)})");
        }

        var breakers = matrixCase.Faults.Where(f => f.Breaks == matrixCase.Suite.Name).ToList();
        if (failed == 0)
        {
            return passed == 0
                ? (CaseOutcome.NotMet, $"expected to fail under {Names(breakers)} but every test was skipped: {FirstMessage(results, AllureStatus.Skipped)}")
                : (CaseOutcome.NotMet, $"expected to fail under {Names(breakers)} but passed: the suite does not catch the fault");
        }

        var messages = results.Where(r => r.Status == AllureStatus.Failed).Select(r => r.StatusDetails?.Message ?? string.Empty).ToList();
        foreach (var fault in breakers.Where(f => f.Expect is not null))
        {
            var pattern = new Regex(fault.Expect!, RegexOptions.None, TimeSpan.FromSeconds(1));
            if (!messages.Any(m => pattern.IsMatch(m)))
            {
                return (CaseOutcome.NotMet, $"failed, but no failure message matches /{fault.Expect}/ of fault {fault.Name}: {FirstLine(messages[0])}");
            }
        }

        return (CaseOutcome.Met, $"failed as {Names(breakers)} must make it: {FirstLine(messages[0])}");
    }

    private static string Names(IEnumerable<Fault> faults) => string.Join(", ", faults.Select(f => f.Name));

    private static string FirstMessage(IEnumerable<TestResult> results, AllureStatus status) =>
        FirstLine(results.FirstOrDefault(r => r.Status == status)?.StatusDetails?.Message);

    private static string FirstLine(string? text)
    {
        var line = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no message)";
        return line.Length <= 240 ? line : line[..240] + "…";
    }
}
