using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>
/// Compares the Allure results of one run with the matrix and with the suite's test list. A clean case is met only when
/// every test of its suite ran and passed, a skip counting only under a waiver of the run; a case a fault breaks is met
/// only when it failed as a product failure (an assertion, never an infrastructure or harness error) whose message
/// matches the fault's <c>expect:</c>. A test process that ended abnormally proves nothing for any case of its run.
/// </summary>
public static class ExpectationJudge
{
    /// <summary>The Allure label a capability skip carries: the capability's name (<see cref="CapabilityNames"/>).</summary>
    public const string MissingCapabilityLabel = "missing_capability";

    /// <summary>The results of one case: those tagged with the suite's name (its NUnit category).</summary>
    public static IReadOnlyList<TestResult> ResultsOf(MatrixCase matrixCase, IEnumerable<TestResult> runResults) =>
        runResults.Where(r => r.Labels.Any(l => l.Name == LabelNames.Tag && l.Value == matrixCase.Suite.Name)).ToList();

    /// <param name="matrixCase">The case and what it must show.</param>
    /// <param name="results">The case's results (<see cref="ResultsOf"/>).</param>
    /// <param name="tests">Every test the suite declares (<see cref="SuiteCatalogue.TestsOf"/>); empty when the built code has no such suite.</param>
    /// <param name="process">How the run's test process ended.</param>
    public static CaseVerdict Judge(MatrixCase matrixCase, IReadOnlyList<TestResult> results, IReadOnlyList<CataloguedTest> tests, TestProcessOutcome process)
    {
        ArgumentNullException.ThrowIfNull(matrixCase);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(process);
        var counts = new Counts(results, tests);
        var waived = matrixCase.Expected == Expectation.Pass ? Waive(matrixCase, counts.SkippedResults) : [];
        var (outcome, cause, reason) = tests.Count == 0
            ? (CaseOutcome.NotMet, NotMetCause.Harness, $"the built release suites have no [ReleaseSuite(\"{matrixCase.Suite.Name}\")] fixture: nothing could prove this case")
            : matrixCase.Expected == Expectation.Pass
                ? DecideClean(results, counts, waived, process)
                : DecideFault(matrixCase, results, counts, process);
        var wall = results.Count == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(results.Max(r => r.Stop) - results.Min(r => r.Start));
        return new CaseVerdict(
            matrixCase.Run.Name, matrixCase.Suite.Name, matrixCase.Target.Name, matrixCase.Faults.Select(f => f.Name).ToList(), matrixCase.Expected,
            outcome, outcome == CaseOutcome.Met ? null : cause, reason,
            counts.Count(AllureStatus.Passed), counts.Count(AllureStatus.Failed), counts.Count(AllureStatus.Broken), counts.Count(AllureStatus.Skipped),
            counts.Missing.Count, waived, wall);
    }

    private static (CaseOutcome, NotMetCause, string) DecideClean(IReadOnlyList<TestResult> results, Counts counts, IReadOnlyList<WaivedSkip> waived, TestProcessOutcome process)
    {
        if (First(results, AllureStatus.Failed) is { } failed)
        {
            return (CaseOutcome.NotMet, NotMetCause.Product, $"failed: {Message(failed)}");
        }

        if (Broken(results) is { } broken)
        {
            return broken;
        }

        if (process.Anomaly is { } anomaly)
        {
            return (CaseOutcome.NotMet, NotMetCause.Harness, $"not proven: {anomaly}");
        }

        if (counts.Missing.Count > 0)
        {
            return (CaseOutcome.NotMet, NotMetCause.NotProven,
                $"not proven: no result for {counts.Missing.Count} of {counts.Expected} test(s) ({string.Join(", ", counts.Missing.Select(t => t.Method))}): the test process ended before them or never ran them");
        }

        var unwaived = counts.SkippedResults.Where(r => waived.All(w => w.Test != MethodOf(r))).ToList();
        if (unwaived.Count > 0)
        {
            return (CaseOutcome.NotMet, NotMetCause.NotProven,
                $"not proven: {unwaived.Count} test(s) skipped or inconclusive without a waiver: {string.Join("; ", unwaived.Select(r => $"{MethodOf(r)}: {Message(r)}"))}");
        }

        return (CaseOutcome.Met, NotMetCause.NotProven, waived.Count == 0 ? "passed" : $"passed; {waived.Count} skipped test(s) waived");
    }

    private static (CaseOutcome, NotMetCause, string) DecideFault(MatrixCase matrixCase, IReadOnlyList<TestResult> results, Counts counts, TestProcessOutcome process)
    {
        var breakers = matrixCase.Faults.Where(f => f.Breaks == matrixCase.Suite.Name).ToList();
        if (Broken(results) is { } broken)
        {
            return broken;
        }

        if (process.Anomaly is { } anomaly)
        {
            return (CaseOutcome.NotMet, NotMetCause.Harness, $"not proven: {anomaly}");
        }

        var failures = results.Where(r => r.Status == AllureStatus.Failed).ToList();
        if (failures.Count == 0)
        {
            return counts.Count(AllureStatus.Passed) == 0
                ? (CaseOutcome.NotMet, NotMetCause.NotProven, $"not proven: expected to fail under {Names(breakers)} but no test ran to the end: {Message(First(results, AllureStatus.Skipped))}")
                : (CaseOutcome.NotMet, NotMetCause.Harness, $"expected to fail under {Names(breakers)} but passed: the suite does not catch the fault");
        }

        TestResult? proof = null;
        foreach (var fault in breakers)
        {
            Regex expect;
            try
            {
                expect = FaultExpectation.Compile(fault.Expect);
            }
            catch (ArgumentException e)
            {
                return (CaseOutcome.NotMet, NotMetCause.Harness, $"fault {fault.Name}'s expect /{fault.Expect}/ is not a regular expression: {e.Message}");
            }

            try
            {
                var match = failures.FirstOrDefault(r => expect.IsMatch(r.StatusDetails?.Message ?? string.Empty));
                if (match is null)
                {
                    return (CaseOutcome.NotMet, NotMetCause.Harness,
                        $"failed, but not as fault {fault.Name} requires: no failure message matches /{fault.Expect}/; first failure: {Message(failures[0])}");
                }

                proof ??= match;
            }
            catch (RegexMatchTimeoutException)
            {
                return (CaseOutcome.NotMet, NotMetCause.Harness,
                    $"not proven: matching fault {fault.Name}'s expect /{fault.Expect}/ took over {FaultExpectation.MatchTimeout.TotalMilliseconds:0} ms (a pattern that backtracks)");
            }
        }

        return (CaseOutcome.Met, NotMetCause.NotProven, $"failed as {Names(breakers)} requires: {Message(proof)}");
    }

    /// <summary>A broken result decides the case: infrastructure when its exception is one, else a harness error.</summary>
    private static (CaseOutcome, NotMetCause, string)? Broken(IReadOnlyList<TestResult> results)
    {
        var broken = results.Where(r => r.Status == AllureStatus.Broken).ToList();
        if (broken.Count == 0)
        {
            return null;
        }

        var infrastructure = broken.FirstOrDefault(r => FailureClassifier.IsInfrastructure(r.StatusDetails?.Message));
        return infrastructure is not null
            ? (CaseOutcome.NotMet, NotMetCause.Infrastructure, $"broken (infrastructure): {Message(infrastructure)}")
            : (CaseOutcome.NotMet, NotMetCause.Harness, $"broken (harness error): {Message(broken[0])}");
    }

    /// <summary>The skips a waiver of the case's run accepts: by test method, or by the capability the test lacked.</summary>
    private static List<WaivedSkip> Waive(MatrixCase matrixCase, IReadOnlyList<TestResult> skipped)
    {
        var waivers = matrixCase.Run.Waivers.Where(w => w.Suite == matrixCase.Suite.Name).ToList();
        var caseLacks = matrixCase.MissingCapabilities.Select(CapabilityNames.Of).ToHashSet(StringComparer.Ordinal);
        var accepted = new List<WaivedSkip>();
        foreach (var result in skipped)
        {
            var method = MethodOf(result);
            var lacked = result.Labels.Where(l => l.Name == MissingCapabilityLabel).Select(l => l.Value).ToHashSet(StringComparer.Ordinal);
            lacked.UnionWith(caseLacks);
            var waiver = waivers.FirstOrDefault(w => w.Subject == method) ?? waivers.FirstOrDefault(w => lacked.Contains(w.Subject));
            if (waiver is not null)
            {
                accepted.Add(new WaivedSkip(method, waiver.Key, waiver.Reason));
            }
        }

        return accepted;
    }

    private static string MethodOf(TestResult result) =>
        result.Labels.FirstOrDefault(l => l.Name == LabelNames.TestMethod)?.Value is { Length: > 0 } method
            ? method
            : result.FullName.Split('(')[0].Split('.')[^1];

    private static TestResult? First(IEnumerable<TestResult> results, AllureStatus status) => results.FirstOrDefault(r => r.Status == status);

    private static string Names(IEnumerable<Fault> faults) => string.Join(", ", faults.Select(f => f.Name));

    private static string Message(TestResult? result)
    {
        var line = (result?.StatusDetails?.Message ?? string.Empty).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no message)";
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    /// <summary>The results held against the suite's declared tests.</summary>
    private sealed class Counts
    {
        private readonly IReadOnlyList<TestResult> _results;

        public Counts(IReadOnlyList<TestResult> results, IReadOnlyList<CataloguedTest> tests)
        {
            this._results = results;
            Expected = tests.Count;
            Missing = tests.Where(t => !results.Any(r => t.Names(r.FullName))).ToList();
            SkippedResults = results.Where(r => r.Status == AllureStatus.Skipped).ToList();
        }

        public int Expected { get; }

        public IReadOnlyList<CataloguedTest> Missing { get; }

        public IReadOnlyList<TestResult> SkippedResults { get; }

        public int Count(AllureStatus status) => _results.Count(r => r.Status == status);
    }
}
