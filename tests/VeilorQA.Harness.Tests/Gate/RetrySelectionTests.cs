using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Tests.Matrix;
using static VeilorQA.Harness.Tests.Gate.FabricatedJobs;

namespace VeilorQA.Harness.Tests.Gate;

public class RetrySelectionTests
{
    [Test]
    public void The_retry_runs_only_the_failed_cases_with_their_runs_target_and_faults()
    {
        using var jobs = new FabricatedJobs();
        jobs.Attempt("j", "first", "reference", NotMet("kms", "K", "no driver"), Met("tpm", "T"));
        var matrixFile = MatrixSamples.Path("valid-minimal.yml");
        var verdicts = Path.Combine(jobs.Jobs, "j", "first", "verdicts.json");

        var runs = RetrySelection.Resolve(TestMatrixLoader.Load(matrixFile), matrixFile, verdicts);

        runs.Should().ContainSingle();
        runs[0].Name.Should().Be("reference");
        runs[0].Target.Name.Should().Be("refvm");
        runs[0].Cases.Select(c => c.Suite.Name).Should().Equal("kms");
    }

    [Test]
    public void Nothing_failed_means_nothing_to_retry()
    {
        using var jobs = new FabricatedJobs();
        jobs.Attempt("j", "first", "reference", Met("kms", "K"));

        RetrySelection.From(Path.Combine(jobs.Jobs, "j", "first", "verdicts.json")).Should().BeEmpty();
    }

    [Test]
    public void A_missing_verdicts_file_is_named()
    {
        var act = () => RetrySelection.From("/nonexistent/verdicts.json");

        act.Should().Throw<InvalidDataException>().WithMessage("/nonexistent/verdicts.json: cannot be read*");
    }
}
