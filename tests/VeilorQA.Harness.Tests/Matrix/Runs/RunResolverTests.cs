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

        cases.Should().HaveCount(10).And.OnlyContain(c => c.Target.Name == "refvm-over-ssh" && c.Expected == Expectation.Pass);
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
    public void With_nothing_picked_only_the_default_release_runs_run_and_the_self_test_switch_picks_the_default_fault_runs()
    {
        var release = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default).Select(r => r.Run.Name).ToList();
        var selfTest = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { SelfTest = true }).Select(r => r.Run.Name).ToList();

        release.Should().NotBeEmpty().And.Equal(Real.DefaultRuns.Where(r => !r.IsFaultRun).Select(r => r.Name));
        selfTest.Should().NotBeEmpty().And.Equal(Real.DefaultRuns.Where(r => r.IsFaultRun).Select(r => r.Name));
        release.Should().Contain("reference").And.NotContain("faults-combined");
        selfTest.Should().Contain("faults-combined").And.NotContain("reference");
    }

    [Test]
    public void The_self_test_switch_narrowed_by_suite_keeps_the_fault_runs_that_hold_the_suite()
    {
        var runs = RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { SelfTest = true, Suites = ["health"] });

        runs.Should().ContainSingle().Which.Run.Name.Should().Be("faults-boot");
    }

    [TestCase("run")]
    [TestCase("target")]
    [TestCase("fault")]
    public void The_self_test_switch_refuses_a_named_run_target_or_fault(string kind)
    {
        var selection = kind switch
        {
            "run" => MatrixSelection.Default with { SelfTest = true, Runs = ["reference"] },
            "target" => MatrixSelection.Default with { SelfTest = true, Targets = ["refvm"] },
            _ => MatrixSelection.Default with { SelfTest = true, Faults = ["nomodeset"] },
        };

        var act = () => RunResolver.Resolve(Real, MatrixSamples.RealMatrix, selection);

        act.Should().Throw<ArgumentException>().WithMessage("--self-test *cannot be combined with --run, --target or --fault*");
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
