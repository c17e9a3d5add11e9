using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Tests.Matrix;
using static VeilorQA.Harness.Tests.Gate.FabricatedJobs;

namespace VeilorQA.Harness.Tests.Gate;

/// <summary>
/// <c>veilorqa verdict merge</c> over fabricated job folders (valid-minimal.yml: default runs <c>reference</c> = kms + tpm
/// and <c>fault-nomodeset</c> = kms): the done-when — a retry-then-pass case shown as flaky in the rendered
/// report with exit 0; the same with an expired quarantine entry exits 2 naming it.
/// </summary>
[Category("Integration")] // renders the Allure report with Java
public class VerdictMergeEndToEndTests
{
    private FabricatedJobs _jobs = null!;

    [SetUp]
    public void Fabricate()
    {
        _jobs = new FabricatedJobs();
        // reference: kms fails first (one test), passes on the retry; tpm passes. fault-nomodeset: its case is met.
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "A_native_DRM_driver_drives_a_connected_output", "KMS: only simpledrm is bound", "The_kernel_command_line_has_no_nomodeset"), Met("tpm", "A_TPM_2_device_is_present"));
        _jobs.Attempt("gate-reference", "retry", "reference", Met("kms", "A_native_DRM_driver_drives_a_connected_output", "The_kernel_command_line_has_no_nomodeset"));
        _jobs.Attempt("gate-fault-nomodeset", "first", "fault-nomodeset", Met("kms", "The_kernel_command_line_has_no_nomodeset"));
    }

    [TearDown]
    public void Remove() => _jobs.Dispose();

    [Test]
    public async Task A_retry_then_pass_case_is_flaky_in_the_report_and_the_release_is_GO_with_exit_0()
    {
        var history = Path.Combine(_jobs.Root, "history");
        var clock = Stopwatch.StartNew();

        var (exit, output, error) = await Merge(retries: true, history: history, record: true);

        await TestContext.Progress.WriteLineAsync($"verdict merge with report: {clock.Elapsed.TotalSeconds:0.0} s");
        exit.Should().Be(0, output + error);
        output.Should().Contain("  FLAKY       reference/kms").And.Contain("failed, then passed on the retry: failed: KMS: only simpledrm is bound")
            .And.Contain("  PASSED      reference/tpm").And.Contain("  PASSED      fault-nomodeset/kms")
            .And.EndWith("release decision: GO (3 cases: 2 passed, 1 flaky, 0 quarantined, 0 not run, 0 failed)\n");

        var gate = Path.Combine(_jobs.Root, "gate");
        using (var decision = JsonDocument.Parse(File.ReadAllText(Path.Combine(gate, "decision.json"))))
        {
            decision.RootElement.GetProperty("decision").GetString().Should().Be("GO");
            decision.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("decision").GetString() == "flaky")
                .GetProperty("retried_tests").EnumerateArray().Select(t => t.GetString()).Should().Equal("A_native_DRM_driver_drives_a_connected_output");
        }

        var junit = XDocument.Load(Path.Combine(gate, "junit.xml"));
        junit.Descendants("testcase").Single(t => (string?)t.Attribute("classname") == "reference.refvm" && (string?)t.Attribute("name") == "kms")
            .Element("flakyFailure").Should().NotBeNull();
        junit.Root!.Attribute("failures")!.Value.Should().Be("0");

        // The merged results: the retry's passing result carries Allure's flaky mark; the failed first attempt stays as its retry.
        var merged = ResultsSummary.ReadResults(Path.Combine(gate, "allure-results")).Where(r => r.Name == "A_native_DRM_driver_drives_a_connected_output" && r.Labels.Any(l => l.Value == "reference")).ToList();
        merged.Should().HaveCount(2);
        merged.Single(r => r.Status == AllureStatus.Passed).StatusDetails!.Flaky.Should().BeTrue();
        merged.Single(r => r.Status == AllureStatus.Failed).StatusDetails!.Flaky.Should().BeFalse();

        if (ReportRenderer.FindJava() is null || ReportRenderer.FindAllure() is null)
        {
            Assert.Ignore("HTML rendering not checked here: no Java or allure-commandline");
        }

        // The rendered report shows the case flaky, with the failed attempt as its retry, in the flaky category.
        var testCases = Directory.GetFiles(Path.Combine(gate, "allure-report", "data", "test-cases"))
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(t => t.GetProperty("name").GetString() == "A_native_DRM_driver_drives_a_connected_output")
            .ToList();
        var shown = testCases.Single(t => t.GetProperty("status").GetString() == "passed" && t.GetProperty("labels").EnumerateArray().Any(l => l.GetProperty("value").GetString() == "reference"));
        shown.GetProperty("flaky").GetBoolean().Should().BeTrue();
        shown.GetProperty("extra").GetProperty("retries").EnumerateArray().Should().ContainSingle(r => r.GetProperty("status").GetString() == "failed");
        using (var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(gate, "allure-report", "data", "categories.json"))))
        {
            categories.RootElement.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Contain(GateReport.FlakyCategory.Name);
        }

        // History is kept with the report and for the next run: the same flake next time blocks.
        FlakeHistory.Load(history).Runs.Should().ContainSingle().Which.Flaky.Should().Equal("reference/kms");
        File.Exists(Path.Combine(gate, "allure-report", FlakeHistory.FileName)).Should().BeTrue();
        Directory.GetFiles(Path.Combine(history, "allure", "history")).Should().Contain(f => f.EndsWith("history.json", StringComparison.Ordinal));

        var (again, againOutput, _) = await Merge(retries: true, history: history, record: true);

        again.Should().Be(1);
        againOutput.Should().Contain("  FAILED      reference/kms").And.Contain("flaky again").And.Contain("blocking: reference/kms");
    }

    [Test]
    public async Task The_same_with_an_expired_quarantine_entry_exits_2_naming_the_entry()
    {
        var quarantine = Path.Combine(_jobs.Root, "quarantine.yml");
        await File.WriteAllTextAsync(quarantine, """
            version: 1
            quarantine:
              - test: tpm
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/12
                owner: erin
                expires: 2026-01-10
            """);

        var (exit, output, error) = await Merge(retries: true, quarantine: quarantine, today: "2026-01-11");

        exit.Should().Be(2);
        output.Should().BeEmpty("nothing is decided on an invalid quarantine list");
        error.Should().Be($"{quarantine}:6:14: quarantine[0].expires: quarantine of tpm expired on 2026-01-10 (owner erin, https://forgejo.veilor.invalid/veilor/veilorqa/issues/12): "
            + "fix the test and remove the entry, or renew it with a new date\n");
    }

    [Test]
    public async Task On_a_pull_request_the_same_jobs_are_NO_GO_with_exit_1()
    {
        var (exit, output, _) = await Merge(retries: false);

        exit.Should().Be(1);
        output.Should().Contain("note: retry results are present but do not count").And.Contain("  FAILED      reference/kms");
        ResultsSummary.ReadResults(Path.Combine(_jobs.Root, "gate", "allure-results")).Should().NotContain(r => r.StatusDetails != null && r.StatusDetails.Flaky);
    }

    private async Task<(int Exit, string Output, string Error)> Merge(bool retries, string? history = null, bool record = false, string? quarantine = null, string? today = null)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var request = new VerdictCommand.MergeRequest(new DirectoryInfo(_jobs.Jobs), new FileInfo(MatrixSamples.Path("valid-minimal.yml")), new DirectoryInfo(Path.Combine(_jobs.Root, "gate")))
        {
            Retries = retries,
            History = history is null ? null : new DirectoryInfo(history),
            Record = record,
            Quarantine = quarantine is null ? null : new FileInfo(quarantine),
            Today = today is null ? DateOnly.FromDateTime(DateTime.UtcNow) : DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture),
            Ci = new CiEnvironment("push", "refs/heads/main", "0123456789abcdef", "https://forgejo.veilor.invalid", "veilor/veilorqa", "57", "release-gate"),
        };
        var exit = await VerdictCommand.MergeAsync(request, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
