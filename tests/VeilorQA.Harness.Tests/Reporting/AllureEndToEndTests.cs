using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>The NUnit hook in a real <c>dotnet test</c> run of tests/VeilorQA.Reporting.Sample, and the report from it.</summary>
[Category("Integration")]
[NonParallelizable]
public class AllureEndToEndTests
{
    // Leaked by the sample on purpose; see VeilorQA.Reporting.Sample.SampleSecret.
    private const string SampleSecret = "sample-luks-passphrase-7f3a";

    private string _root = null!;
    private string _fourOutcomes = null!;
    private string _fullRun = null!;

    [OneTimeSetUp]
    public async Task RunTheSampleTwice()
    {
        _root = Directory.CreateTempSubdirectory("veilorqa-allure-e2e-").FullName;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var built = await SampleSuiteRun.BuildAsync(cts.Token);
        var four = await SampleSuiteRun.RunAsync(Path.Combine(_root, "four"), "FullyQualifiedName~FourOutcomes", cts.Token);
        var full = await SampleSuiteRun.RunAsync(Path.Combine(_root, "full"), null, cts.Token);
        _fourOutcomes = four.Results;
        _fullRun = full.Results;
        await TestContext.Progress.WriteLineAsync(
            $"sample build {built.TotalSeconds:0.0} s, four-outcome run {four.Took.TotalSeconds:0.0} s, full run {full.Took.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public void RemoveResults() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Pass_fail_error_and_ignore_give_exactly_four_results_with_the_right_statuses()
    {
        var results = Results(_fourOutcomes);

        results.Should().HaveCount(4);
        results.ToDictionary(r => r.Name, r => r.Status).Should().BeEquivalentTo(new Dictionary<string, AllureStatus>
        {
            ["Passes"] = AllureStatus.Passed,
            ["Fails"] = AllureStatus.Failed,
            ["Errors"] = AllureStatus.Broken,
            ["IsIgnored"] = AllureStatus.Skipped,
        });
        results.Single(r => r.Name == "Fails").StatusDetails!.Message.Should().Contain("the answer is wrong");
        results.Single(r => r.Name == "Errors").StatusDetails!.Message.Should().StartWith("System.InvalidOperationException");
        results.Single(r => r.Name == "IsIgnored").StatusDetails!.Message.Should().Be("not on this target");
    }

    [Test]
    public void The_fixture_is_one_container_holding_its_four_tests_and_its_one_time_set_up()
    {
        var container = Containers(_fourOutcomes).Should().ContainSingle().Subject;

        container.Children.Should().BeEquivalentTo(Results(_fourOutcomes).Select(r => r.Uuid));
        var before = container.Befores.Should().ContainSingle().Subject;
        before.Name.Should().Be("OneTimeSetUp: StartTarget");
        before.Status.Should().Be(AllureStatus.Passed);
        before.Steps.Should().ContainSingle().Which.Attachments.Should().ContainSingle().Which.Name.Should().Be("boot log");
    }

    [Test]
    public void Steps_nest_and_carry_their_attachments_parameters_and_statuses()
    {
        var passes = Results(_fourOutcomes).Single(r => r.Name == "Passes");

        passes.Steps.Select(s => s.Name).Should().Equal("outer step", "async step");
        var outer = passes.Steps[0];
        outer.Steps.Should().ContainSingle().Which.Parameters.Should().Equal(new Parameter("fault", "none"));
        outer.Attachments.Should().ContainSingle().Which.Type.Should().Be(AttachmentTypes.Png);
        passes.Steps[1].Attachments.Should().ContainSingle().Which.Type.Should().Be(AttachmentTypes.Csv);
        passes.Parameters.Should().Equal(
            new Parameter("target", "vm-q35"), new Parameter("artifact", "reference-guest"), Parameter.Masked("passphrase"));
        passes.Labels.Should().Contain([Label.Feature("reporting"), Label.Severity(Severity.Critical), Label.Tag("smoke"), Label.Suite("FourOutcomes")]);

        var fails = Results(_fourOutcomes).Single(r => r.Name == "Fails");
        fails.Steps.Should().ContainSingle().Which.Status.Should().Be(AllureStatus.Failed);

        var png = File.ReadAllBytes(Path.Combine(_fourOutcomes, outer.Attachments[0].Source));
        png.Take(4).Should().Equal(0x89, 0x50, 0x4E, 0x47);
    }

    [Test]
    public void The_secret_the_sample_leaks_appears_in_no_file_of_the_results()
    {
        foreach (var folder in new[] { _fourOutcomes, _fullRun })
        {
            var files = Directory.GetFiles(folder);
            files.Should().Contain(f => f.EndsWith("-attachment.txt", StringComparison.Ordinal));
            foreach (var file in files)
            {
                File.ReadAllText(file).Should().NotContain(SampleSecret, $"{file} must be redacted");
            }
        }
    }

    [Test]
    public void The_run_wide_files_are_written()
    {
        File.ReadAllText(Path.Combine(_fourOutcomes, "categories.json")).Should().Be(AllureJson.Serialize(DefectCategories.All));
        File.ReadAllText(Path.Combine(_fourOutcomes, "environment.properties")).Should().Contain("nunit=5.0.0");
        AllureJson.Deserialize<ExecutorInfo>(File.ReadAllText(Path.Combine(_fourOutcomes, "executor.json"))).ReportName.Should().Be("VeilorQA");
    }

    [Test]
    public void Children_of_a_failed_one_time_set_up_are_broken_and_its_container_says_why()
    {
        var children = Results(_fullRun).Where(r => r.FullName.Contains(".SetUpThrows.", StringComparison.Ordinal)).ToList();

        children.Select(r => r.Name).Should().BeEquivalentTo("First", "Second(\"vm-q35\")", "Second(\"laptop\")");
        children.Should().OnlyContain(r => r.Status == AllureStatus.Broken && r.StatusDetails!.Message!.Contains("OneTimeSetUp", StringComparison.Ordinal));
        children.Where(r => r.Name.StartsWith("Second", StringComparison.Ordinal))
            .Should().OnlyContain(r => r.Labels.Contains(Label.SubSuite("Second")));

        var container = Containers(_fullRun).Single(c => c.Name == "VeilorQA.Reporting.Sample.SetUpThrows");
        container.Children.Should().BeEquivalentTo(children.Select(r => r.Uuid));
        container.Befores.Should().ContainSingle().Which.Status.Should().Be(AllureStatus.Broken);
    }

    [Test]
    public void Capability_skips_are_skipped_and_test_case_arguments_are_parameters()
    {
        var results = Results(_fullRun).Where(r => r.FullName.Contains(".CapabilitySkips.", StringComparison.Ordinal)).ToDictionary(r => r.Name);

        results["NeedsWifi"].Status.Should().Be(AllureStatus.Skipped);
        results["NeedsTpm"].Status.Should().Be(AllureStatus.Skipped);
        var parameterized = results["Parameterized(\"vm-q35\",2)"];
        parameterized.Status.Should().Be(AllureStatus.Passed);
        parameterized.Parameters.Should().Equal(new Parameter("target", "vm-q35"), new Parameter("cores", "2"));
        Results(_fullRun).Should().HaveCount(14);
        Containers(_fullRun).Should().HaveCount(4);
    }

    [Test]
    public void Steps_of_tests_running_in_parallel_stay_with_their_own_test()
    {
        var results = Results(_fullRun).Where(r => r.FullName.Contains(".ParallelSteps.", StringComparison.Ordinal)).ToList();

        results.Should().HaveCount(4).And.OnlyContain(r => r.Status == AllureStatus.Passed);
        foreach (var result in results)
        {
            var n = result.Parameters.Should().ContainSingle().Which.Value;
            result.Steps.Select(s => s.Name).Should().Equal($"outer {n}", $"last {n}");
            result.Steps[0].Steps.Select(s => s.Name).Should().BeEquivalentTo($"left {n}", $"right {n}");
            result.Steps[0].Attachments.Should().ContainSingle().Which.Name.Should().Be($"log {n}");
        }
    }

    [Test]
    public async Task The_report_command_prints_the_summary_and_renders_the_html_report()
    {
        var renderer = ReportRenderer.ForThisMachine();
        using var output = new StringWriter();
        var report = new DirectoryInfo(Path.Combine(_root, "report"));
        var clock = Stopwatch.StartNew();

        var exit = await ReportCommand.RunAsync(new DirectoryInfo(_fourOutcomes), report, renderer, output, CancellationToken.None);

        await TestContext.Progress.WriteLineAsync($"veilorqa report took {clock.Elapsed.TotalSeconds:0.0} s");
        var text = output.ToString();
        exit.Should().Be(1, "one test failed and one broke");
        text.Should().Contain("passed       1").And.Contain("failed       1").And.Contain("broken       1").And.Contain("skipped      1");
        text.Should().Contain("FAILED VeilorQA.Reporting.Sample.FourOutcomes.Fails: ");
        if (ReportRenderer.FindJava() is null || ReportRenderer.FindAllure() is null)
        {
            text.Should().Contain("no HTML report");
            Assert.Ignore($"HTML rendering not checked here: {text.Split('\n')[^2]}");
        }

        text.Should().Contain($"HTML report: {Path.Combine(report.FullName, "index.html")}");
        File.Exists(Path.Combine(report.FullName, "index.html")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(report.FullName, "data", "test-cases")).Should().HaveCount(4);

        // Allure itself applied categories.json: the failed test is a product defect, the one that threw an unexpected
        // exception a harness error (DefectCategories), and each lands in exactly one category.
        using var categories = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report.FullName, "data", "categories.json")));
        var filled = categories.RootElement.GetProperty("children").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => Leaves(c).ToList());
        filled.Keys.Should().BeEquivalentTo(DefectCategories.ProductDefects.Name, DefectCategories.HarnessErrors.Name);
        filled[DefectCategories.ProductDefects.Name].Should().Equal("Fails");
        filled[DefectCategories.HarnessErrors.Name].Should().Equal("Errors");
    }

    /// <summary>The test cases under a node of Allure's categories tree (category → message → test case).</summary>
    private static IEnumerable<string> Leaves(System.Text.Json.JsonElement node) =>
        node.TryGetProperty("children", out var children)
            ? children.EnumerateArray().SelectMany(Leaves)
            : [node.GetProperty("name").GetString()!];

    private static List<TestResult> Results(string folder) =>
        [.. Directory.GetFiles(folder, "*-result.json").Select(f => AllureJson.Deserialize<TestResult>(File.ReadAllText(f)))];

    private static List<TestResultContainer> Containers(string folder) =>
        [.. Directory.GetFiles(folder, "*-container.json").Select(f => AllureJson.Deserialize<TestResultContainer>(File.ReadAllText(f)))];
}
