using System.Text.Json;
using System.Text.Json.Serialization;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;

namespace VeilorQA.Harness.Tests.Gate;

/// <summary>
/// Gate job folders as the workflow uploads them (first/ and retry/, each with verdicts.json in the shape
/// <c>veilorqa run</c> writes — the real <see cref="CaseVerdict"/> and serializer options — and Allure results
/// labelled as the release suites label them), fabricated in a temp folder for decision and merge tests.
/// </summary>
internal sealed class FabricatedJobs : IDisposable
{
    private static readonly JsonSerializerOptions VerdictJson = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
    private long _clock = 1_700_000_000_000;

    public FabricatedJobs() => Root = Directory.CreateTempSubdirectory("veilorqa-gate-").FullName;

    public string Root { get; }

    public string Jobs => Path.Combine(Root, "jobs");

    /// <summary>Writes one attempt of job <paramref name="job"/> (<c>first</c> or <c>retry</c>) with these cases.</summary>
    public void Attempt(string job, string attempt, string run, params FabricatedCase[] cases)
    {
        var dir = Path.Combine(Jobs, job, attempt);
        var writer = new AllureResultsWriter(Path.Combine(dir, "allure-results"));
        var verdicts = new List<CaseVerdict>();
        foreach (var c in cases)
        {
            foreach (var (method, status, message) in c.Tests)
            {
                var start = _clock += 1000;
                writer.Write(new TestResult
                {
                    Uuid = writer.NewUuid(),
                    HistoryId = $"{run}.{c.Suite}.{method}",
                    FullName = $"VeilorQA.Release.Suites.{c.Suite}.{method}",
                    Name = method,
                    Status = status,
                    StatusDetails = message is null ? null : new StatusDetails { Message = message },
                    Start = start,
                    Stop = start + 500,
                    Labels = [Label.Tag(c.Suite), new Label("run", run), new Label(LabelNames.TestMethod, method), Label.Feature(c.Suite)],
                });
            }

            verdicts.Add(new CaseVerdict(run, c.Suite, "refvm", [], Expectation.Pass, c.Outcome, c.Outcome == CaseOutcome.Met ? null : NotMetCause.Product, c.Reason,
                c.Tests.Count(t => t.Status == AllureStatus.Passed), c.Tests.Count(t => t.Status == AllureStatus.Failed), c.Tests.Count(t => t.Status == AllureStatus.Broken), 0, 0, [],
                TimeSpan.FromSeconds(12.5)));
        }

        writer.WriteCategories();
        File.WriteAllText(Path.Combine(dir, "verdicts.json"), JsonSerializer.Serialize(verdicts, VerdictJson));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static FabricatedCase Met(string suite, params string[] tests) =>
        new(suite, CaseOutcome.Met, "passed", tests.Select(t => (t, AllureStatus.Passed, (string?)null)).ToArray());

    public static FabricatedCase NotMet(string suite, string failingTest, string message, params string[] passingTests) =>
        new(suite, CaseOutcome.NotMet, $"failed: {message}", [(failingTest, AllureStatus.Failed, message), .. passingTests.Select(t => (t, AllureStatus.Passed, (string?)null))]);
}

/// <summary>One case of a fabricated attempt: its verdict and its tests' results.</summary>
internal sealed record FabricatedCase(string Suite, CaseOutcome Outcome, string Reason, (string Method, AllureStatus Status, string? Message)[] Tests);
