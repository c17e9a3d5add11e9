using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>The files the writer produces, byte for byte, against reviewed golden copies.</summary>
/// <remarks>Set VEILORQA_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.</remarks>
public class GoldenFileTests
{
    private string _results = null!;

    [SetUp]
    public void CreateFolder() => _results = Directory.CreateTempSubdirectory("veilorqa-golden-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_results, recursive: true);

    [Test]
    public void A_test_result_serializes_as_the_golden_result_json()
    {
        var path = Writer().Write(SampleResults.Failed());

        Path.GetFileName(path).Should().Be("00000000-0000-4000-8000-000000000001-result.json");
        ShouldMatchGolden(path, "result.json");
    }

    [Test]
    public void A_fixture_container_serializes_as_the_golden_container_json()
    {
        var path = Writer().Write(SampleResults.Container());

        Path.GetFileName(path).Should().Be("00000000-0000-4000-8000-000000000002-container.json");
        ShouldMatchGolden(path, "container.json");
    }

    [Test]
    public void The_defect_categories_serialize_as_the_golden_categories_json()
    {
        Writer().WriteCategories();

        ShouldMatchGolden(Path.Combine(_results, "categories.json"), "categories.json");
    }

    [Test]
    public void The_executor_serializes_as_the_golden_executor_json()
    {
        Writer().WriteExecutor(new ExecutorInfo("Forgejo Actions", "forgejo")
        {
            Url = "https://forge.example",
            BuildOrder = 17,
            BuildName = "release-gate #17",
            BuildUrl = "https://forge.example/veilor/veilorqa/actions/runs/17",
            ReportName = "VeilorQA",
        });

        ShouldMatchGolden(Path.Combine(_results, "executor.json"), "executor.json");
    }

    [Test]
    public void Environment_properties_are_sorted_escaped_and_merged()
    {
        var writer = Writer();
        writer.WriteEnvironment(new Dictionary<string, string> { ["os"] = "Debian GNU/Linux 12", ["targets"] = "vm-q35,laptop" });
        writer.WriteEnvironment(new Dictionary<string, string> { ["dotnet"] = ".NET 10.0", ["kernel cmdline"] = "quiet\nsplash", ["os"] = "Fedora 43" });

        ShouldMatchGolden(Path.Combine(_results, "environment.properties"), "environment.properties");
    }

    [Test]
    public void A_written_result_reads_back_equal_in_every_field()
    {
        var original = SampleResults.Failed();
        var path = Writer().Write(original);

        var read = AllureJson.Deserialize<TestResult>(File.ReadAllText(path));

        read.Should().BeEquivalentTo(original);
    }

    private AllureResultsWriter Writer() => new(_results, new VeilorQA.Harness.Security.Redactor());

    private static void ShouldMatchGolden(string actualPath, string goldenName)
    {
        var golden = Path.Combine(SourceFolder.Golden, goldenName);
        var actual = File.ReadAllText(actualPath);
        if (Environment.GetEnvironmentVariable("VEILORQA_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        File.Exists(golden).Should().BeTrue($"the golden file {golden} exists (VEILORQA_UPDATE_GOLDEN=1 creates it)");
        actual.Should().Be(File.ReadAllText(golden), $"{actualPath} must equal the golden {golden}");
    }
}
