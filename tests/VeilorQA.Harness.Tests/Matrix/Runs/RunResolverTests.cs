using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;

namespace VeilorQA.Harness.Tests.Matrix.Runs;

/// <summary>Which runs a selection means: one resolver for <c>veilorqa run</c> and a plain <c>dotnet test</c>.</summary>
public class RunResolverTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

    [Test]
    public void A_named_run_selects_a_non_default_run()
    {
        var cases = Resolve(MatrixSelection.Default with { Runs = ["laptop-loopback"] });

        cases.Should().HaveCount(7).And.OnlyContain(c => c.Target.Name == "refvm-over-ssh" && c.Expected == Expectation.Pass);
    }

    [Test]
    public void Faults_named_on_the_command_line_make_an_ad_hoc_run_on_the_default_target()
    {
        var cases = Resolve(MatrixSelection.Default with { Faults = ["wifi-no-resume"] });

        cases.Should().ContainSingle().Which.Should().Match<MatrixCase>(c =>
            c.DisplayName == "suspend-wifi@refvm+wifi-no-resume" && c.Expected == Expectation.Fail);
    }

    [Test]
    public void Faults_cannot_be_asked_of_a_target_that_cannot_switch_them()
    {
        var act = () => Resolve(MatrixSelection.Default with { Targets = ["lab-x1"], Faults = ["nomodeset"] });

        act.Should().Throw<ArgumentException>().WithMessage("*lab-x1*reference-guest*");
    }

    [Test]
    public void Suites_narrow_the_cases_of_the_named_targets()
    {
        var cases = Resolve(MatrixSelection.Default with { Targets = ["refvm"], Suites = ["tpm", "kms"] });

        cases.Select(c => c.DisplayName).Should().Equal("tpm@refvm", "kms@refvm");
    }

    [Test]
    public void Command_line_faults_make_an_ad_hoc_run_named_after_its_target()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

        var runs = RunResolver.Resolve(matrix, MatrixSamples.RealMatrix, MatrixSelection.Default with { Faults = ["nomodeset"] });

        var run = runs.Should().ContainSingle().Subject;
        run.Name.Should().Be(RunResolver.AdHocRunName(matrix.DefaultTargetName)).And.Be("adhoc-refvm");
        run.Faults.Should().ContainSingle().Which.Breaks.Should().Be("kms");
        run.Cases.Should().ContainSingle().Which.Expected.Should().Be(Expectation.Fail);
    }

    [Test]
    public void The_default_run_of_a_plain_dotnet_test_is_the_first_default_run_without_faults()
    {
        var run = RunResolver.DefaultRun(Real, MatrixSamples.RealMatrix);

        run.Run.Should().Be(Real.DefaultRuns.First(r => !r.IsFaultRun));
        run.Faults.Should().BeEmpty();
        run.Cases.Should().Equal(Real.CasesOf(run.Run));
        run.MatrixFile.Should().Be(MatrixSamples.RealMatrix);
    }

    [Test]
    public void The_same_run_named_twice_runs_once()
    {
        var runs = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = ["reference", "reference"] });

        runs.Should().ContainSingle();
    }

    private static IReadOnlyList<MatrixCase> Resolve(MatrixSelection selection) =>
        RunResolver.Resolve(Real, MatrixSamples.RealMatrix, selection).SelectMany(r => r.Cases).ToList();
}
