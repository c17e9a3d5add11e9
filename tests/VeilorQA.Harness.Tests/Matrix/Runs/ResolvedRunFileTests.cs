using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;

namespace VeilorQA.Harness.Tests.Matrix.Runs;

/// <summary>The run handed from <c>veilorqa run</c> to the test process survives the trip as JSON, and only its own version is read.</summary>
public class ResolvedRunFileTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

    private static IEnumerable<TestCaseData> EveryRunOfTheMatrix() =>
        Real.Runs.Select(r => new TestCaseData(r.Name).SetArgDisplayNames(r.Name));

    [TestCaseSource(nameof(EveryRunOfTheMatrix))]
    public void Every_run_of_the_matrix_reads_back_equal_to_what_was_resolved(string name)
    {
        var run = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = [name] }).Should().ContainSingle().Subject;

        var back = ResolvedRunFile.Deserialize(ResolvedRunFile.Serialize(run), "memory");

        back.Should().Be(run);
        back.Target.Capabilities.Should().Equal(run.Target.Capabilities, "derived values are recomputed from the entry, not copied");
    }

    [Test]
    public void An_ad_hoc_run_of_command_line_faults_reads_back_equal()
    {
        var run = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { Faults = ["wifi-no-resume", "nomodeset"] }).Single();

        ResolvedRunFile.Deserialize(ResolvedRunFile.Serialize(run), "memory").Should().Be(run);
    }

    [Test]
    public void The_file_carries_its_version_the_concrete_kinds_and_no_derived_values()
    {
        var run = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = ["release-lab-x1"] }).Single();

        var json = JsonNode.Parse(ResolvedRunFile.Serialize(run))!;

        json["version"]!.GetValue<int>().Should().Be(ResolvedRun.CurrentVersion);
        json["target"]!["$type"]!.GetValue<string>().Should().Be(run.Target.GetType().Name);
        json["target"]!.AsObject().Should().NotContainKey("capabilities");
        json["cases"]![0]!.AsObject().Should().NotContainKey("displayName");
    }

    [TestCase("{\"version\": 2, \"matrixFile\": \"x\"}", "version 2, but this build reads version 1")]
    [TestCase("{\"matrixFile\": \"x\"}", "no \"version\" number")]
    [TestCase("[1, 2]", "no \"version\" number")]
    [TestCase("not json", "run file run.json: ")]
    public void A_file_of_another_version_or_no_run_at_all_is_one_error_naming_it(string json, string message)
    {
        var act = () => ResolvedRunFile.Deserialize(json, "run.json");

        act.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith("run file run.json: ").And.Contain(message);
    }

    [Test]
    public void A_field_this_version_does_not_know_is_refused_rather_than_dropped()
    {
        var run = RunResolver.DefaultRun(Real, MatrixSamples.RealMatrix);
        var json = JsonNode.Parse(ResolvedRunFile.Serialize(run))!;
        json["waivers"] = new JsonArray();

        var act = () => ResolvedRunFile.Deserialize(json.ToJsonString(), "run.json");

        act.Should().Throw<InvalidDataException>().WithMessage("*waivers*");
    }

    [Test]
    public void A_missing_run_file_is_named_with_the_variable_that_pointed_to_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"veilorqa-{Guid.NewGuid():N}", ResolvedRunFile.FileName);

        var act = () => ResolvedRunFile.Read(missing);

        act.Should().Throw<InvalidDataException>().WithMessage($"run file {missing} ({ResolvedRunFile.EnvironmentVariable}):*");
    }
}
