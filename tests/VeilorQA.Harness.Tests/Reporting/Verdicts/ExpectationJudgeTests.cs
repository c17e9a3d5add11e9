using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Reporting.Verdicts;

public class ExpectationJudgeTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
    private static readonly MatrixCase CleanKms = Real.CasesFor("kms")[0];
    private static readonly MatrixCase BrokenKms = Real.CasesFor("kms")[1];

    [Test]
    public void A_clean_case_whose_tests_all_passed_is_met()
    {
        var verdict = ExpectationJudge.Judge(CleanKms, [Result("kms", AllureStatus.Passed), Result("kms", AllureStatus.Passed)]);

        verdict.Outcome.Should().Be(CaseOutcome.Met);
        verdict.Passed.Should().Be(2);
    }

    [Test]
    public void A_clean_case_with_a_failed_test_is_not_met_and_says_why()
    {
        var verdict = ExpectationJudge.Judge(CleanKms, [Result("kms", AllureStatus.Passed), Result("kms", AllureStatus.Failed, "KMS FAILED: no native DRM driver is bound")]);

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Be("failed: KMS FAILED: no native DRM driver is bound");
    }

    [Test]
    public void A_case_broken_by_its_fault_that_fails_with_the_expected_message_is_met()
    {
        var verdict = ExpectationJudge.Judge(BrokenKms, [Result("kms", AllureStatus.Failed, "KMS: 'nomodeset' is on the kernel command line"), Result("kms", AllureStatus.Passed)]);

        verdict.Outcome.Should().Be(CaseOutcome.Met);
        verdict.Reason.Should().StartWith("failed as nomodeset must make it");
    }

    [Test]
    public void A_case_its_fault_should_break_that_passes_is_not_met()
    {
        var verdict = ExpectationJudge.Judge(BrokenKms, [Result("kms", AllureStatus.Passed)]);

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("the suite does not catch the fault");
    }

    [Test]
    public void A_failure_whose_message_misses_the_faults_expectation_is_not_met()
    {
        var verdict = ExpectationJudge.Judge(BrokenKms, [Result("kms", AllureStatus.Failed, "KMS FAILED: no connector is connected")]);

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("no failure message matches /nomodeset/");
    }

    [Test]
    public void A_broken_result_proves_nothing_on_either_kind_of_case()
    {
        foreach (var matrixCase in new[] { CleanKms, BrokenKms })
        {
            var verdict = ExpectationJudge.Judge(matrixCase, [Result("kms", AllureStatus.Broken, "SshConnectionException: connection refused")]);

            verdict.Outcome.Should().Be(CaseOutcome.NotMet);
            verdict.Reason.Should().StartWith("broken (infrastructure or test error): SshConnectionException");
        }
    }

    [Test]
    public void A_case_without_results_is_not_met_and_a_fully_skipped_clean_case_is_skipped()
    {
        ExpectationJudge.Judge(CleanKms, []).Outcome.Should().Be(CaseOutcome.NotMet);
        var skipped = ExpectationJudge.Judge(CleanKms, [Result("kms", AllureStatus.Skipped, "target lab lacks wifi")]);
        skipped.Outcome.Should().Be(CaseOutcome.Skipped);
        skipped.Reason.Should().Be("skipped: target lab lacks wifi");
    }

    [Test]
    public void The_results_of_a_case_are_those_tagged_with_its_suite()
    {
        var results = new[] { Result("kms", AllureStatus.Passed), Result("tpm", AllureStatus.Failed), Result("kms", AllureStatus.Passed) };

        ExpectationJudge.ResultsOf(CleanKms, results).Should().HaveCount(2).And.OnlyContain(r => r.Labels.Any(l => l.Value == "kms"));
    }

    [Test]
    public void The_wall_time_spans_the_first_start_to_the_last_stop()
    {
        var verdict = ExpectationJudge.Judge(CleanKms, [Result("kms", AllureStatus.Passed, start: 1_000, stop: 4_000), Result("kms", AllureStatus.Passed, start: 4_500, stop: 61_000)]);

        verdict.WallTime.Should().Be(TimeSpan.FromSeconds(60));
    }

    private static TestResult Result(string suite, AllureStatus status, string? message = null, long start = 0, long stop = 1) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        HistoryId = Guid.NewGuid().ToString("N"),
        FullName = $"VeilorQA.Release.Suites.{suite}.T{Guid.NewGuid():N}",
        Name = "t",
        Labels = [new Label(LabelNames.Tag, suite)],
        Status = status,
        StatusDetails = message is null ? null : new StatusDetails { Message = message },
        Start = start,
        Stop = stop,
    };
}
