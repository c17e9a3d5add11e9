using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Gate.Quarantine;
using static VeilorQA.Harness.Tests.Gate.FabricatedJobs;

namespace VeilorQA.Harness.Tests.Gate;

/// <summary>The release decision over recorded verdicts: flake policy, flaky history, quarantine, missing verdicts.</summary>
public class ReleaseDecisionTests
{
    private static readonly PlannedCase[] Planned = [new("reference", "kms", "refvm"), new("reference", "tpm", "refvm")];
    private static readonly FlakePolicy Push = new(RetriesCount: true, Window: 3);
    private static readonly FlakePolicy PullRequest = new(RetriesCount: false);
    private FabricatedJobs _jobs = null!;

    [SetUp]
    public void Fabricate() => _jobs = new FabricatedJobs();

    [TearDown]
    public void Remove() => _jobs.Dispose();

    [Test]
    public void Every_case_met_is_GO_with_exit_0()
    {
        _jobs.Attempt("gate-reference", "first", "reference", Met("kms", "Kms_ok"), Met("tpm", "Tpm_ok"));

        var decision = Decide(Push);

        decision.Go.Should().BeTrue();
        decision.ExitCode.Should().Be(0);
        decision.Cases.Should().OnlyContain(c => c.Kind == DecisionKind.Passed);
        decision.Summary().Should().Be("release decision: GO (2 cases: 2 passed, 0 flaky, 0 quarantined, 0 not run, 0 failed)");
    }

    [Test]
    public void A_case_that_fails_and_then_passes_on_the_retry_is_flaky_and_does_not_block()
    {
        FailThenPass();

        var decision = Decide(Push);

        var kms = decision.Cases.Single(c => c.Suite == "kms");
        kms.Kind.Should().Be(DecisionKind.Flaky);
        kms.Reason.Should().Be("failed, then passed on the retry: failed: no DRM driver bound");
        kms.RetriedTests.Should().Equal("Kms_native_driver");
        kms.Line().Should().StartWith("FLAKY       reference/kms");
        decision.ExitCode.Should().Be(0);
        decision.FlakyCases.Should().Equal("reference/kms");
    }

    [Test]
    public void On_a_pull_request_the_retry_does_not_count_and_the_failure_blocks()
    {
        FailThenPass();

        var decision = Decide(PullRequest);

        decision.Cases.Single(c => c.Suite == "kms").Kind.Should().Be(DecisionKind.Failed);
        decision.ExitCode.Should().Be(1);
        decision.Summary().Should().EndWith("blocking: reference/kms");
    }

    [Test]
    public void A_case_flaky_again_within_the_window_blocks_naming_the_earlier_runs()
    {
        FailThenPass();
        var history = FlakeHistory.Empty
            .With(new FlakeHistory.GateRun("aaaa1111 #40", DateTimeOffset.UnixEpoch, ["reference/kms"]))
            .With(new FlakeHistory.GateRun("bbbb2222 #41", DateTimeOffset.UnixEpoch, []));

        var decision = Decide(Push, history: history);

        var kms = decision.Cases.Single(c => c.Suite == "kms");
        kms.Kind.Should().Be(DecisionKind.Failed);
        kms.Reason.Should().StartWith("flaky again: failed, then passed on the retry, and was flaky in 1 of the last 3 gate runs (aaaa1111 #40)");
        decision.ExitCode.Should().Be(1);
        decision.FlakyCases.Should().Equal("reference/kms");
    }

    [Test]
    public void A_flake_older_than_the_window_is_forgiven()
    {
        FailThenPass();
        var history = FlakeHistory.Empty.With(new FlakeHistory.GateRun("old #1", DateTimeOffset.UnixEpoch, ["reference/kms"]));
        foreach (var n in Enumerable.Range(2, 3))
        {
            history = history.With(new FlakeHistory.GateRun($"#{n}", DateTimeOffset.UnixEpoch, []));
        }

        Decide(Push, history: history).Cases.Single(c => c.Suite == "kms").Kind.Should().Be(DecisionKind.Flaky);
    }

    [Test]
    public void A_case_failing_on_the_retry_too_blocks_with_both_reasons()
    {
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "Kms_native_driver", "no DRM driver bound"), Met("tpm", "Tpm_ok"));
        _jobs.Attempt("gate-reference", "retry", "reference", NotMet("kms", "Kms_native_driver", "still no driver"));

        var kms = Decide(Push).Cases.Single(c => c.Suite == "kms");

        kms.Kind.Should().Be(DecisionKind.Failed);
        kms.Reason.Should().Be("failed twice (first: failed: no DRM driver bound; retry: failed: still no driver)");
        kms.RetryOutcome.Should().Be("NotMet");
    }

    [Test]
    public void A_quarantined_test_failing_is_reported_and_does_not_block()
    {
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "Kms_native_driver", "no DRM driver bound", "Kms_connector"), Met("tpm", "Tpm_ok"));

        var decision = Decide(PullRequest, Quarantine(("kms/Kms_native_driver", null)));

        var kms = decision.Cases.Single(c => c.Suite == "kms");
        kms.Kind.Should().Be(DecisionKind.Quarantined);
        kms.Reason.Should().Be("failed: no DRM driver bound; quarantined: kms/Kms_native_driver (quarantined until 2026-02-01, owner alice, https://x.invalid/issues/1)");
        decision.ExitCode.Should().Be(0);
    }

    [Test]
    public void A_quarantine_of_one_test_does_not_excuse_another_failing_test_of_the_suite()
    {
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "Kms_connector", "no connector"), Met("tpm", "Tpm_ok"));

        Decide(PullRequest, Quarantine(("kms/Kms_native_driver", null))).ExitCode.Should().Be(1);
    }

    [Test]
    public void A_quarantine_for_another_target_does_not_excuse_the_failure()
    {
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "Kms_native_driver", "no DRM driver bound"), Met("tpm", "Tpm_ok"));

        Decide(PullRequest, Quarantine(("kms", "lab-x1"))).ExitCode.Should().Be(1);
    }

    [Test]
    public void A_planned_run_without_verdicts_blocks_as_no_verdict()
    {
        _jobs.Attempt("gate-reference", "first", "reference", Met("kms", "Kms_ok"));

        var decision = Decide(Push);

        var tpm = decision.Cases.Single(c => c.Suite == "tpm");
        tpm.Kind.Should().Be(DecisionKind.Failed);
        tpm.Reason.Should().StartWith("no verdict: the job of run reference recorded none");
        decision.ExitCode.Should().Be(1);
    }

    [Test]
    public void A_job_whose_verdicts_file_is_missing_is_named_in_the_reason()
    {
        Directory.CreateDirectory(Path.Combine(_jobs.Jobs, "gate-reference", "first"));

        var decision = Decide(Push);

        decision.Cases.Should().OnlyContain(c => c.Kind == DecisionKind.Failed && c.Reason.Contains("first attempt:", StringComparison.Ordinal) && c.Reason.Contains("verdicts.json", StringComparison.Ordinal));
    }

    [TestCase("Skipped", DecisionKind.NotRun, 0)]
    [TestCase("Waived", DecisionKind.NotRun, 0)]
    [TestCase("Inconclusive", DecisionKind.Failed, 1)]
    public void An_outcome_word_the_gate_does_not_know_blocks_and_skipped_or_waived_do_not(string outcome, DecisionKind kind, int exit)
    {
        Directory.CreateDirectory(Path.Combine(_jobs.Jobs, "gate-reference", "first"));
        File.WriteAllText(Path.Combine(_jobs.Jobs, "gate-reference", "first", "verdicts.json"),
            $$"""[{"Run":"reference","Suite":"kms","Target":"refvm","Outcome":"{{outcome}}","Reason":"r"},{"Run":"reference","Suite":"tpm","Target":"refvm","Outcome":"Met","Reason":"passed"}]""");

        var decision = Decide(Push);

        decision.Cases.Single(c => c.Suite == "kms").Kind.Should().Be(kind);
        decision.ExitCode.Should().Be(exit);
    }

    [Test]
    public void No_verdict_at_all_is_NO_GO()
    {
        Directory.CreateDirectory(_jobs.Jobs);

        var decision = ReleaseDecision.Decide([], GateJob.ReadAll(_jobs.Jobs), QuarantineList.None("q"), FlakeHistory.Empty, Push);

        decision.ExitCode.Should().Be(1);
        decision.Summary().Should().Be("release decision: NO-GO (no case was judged: no verdicts at all)");
    }

    [TestCase("push", "refs/heads/main", true)]
    [TestCase("push", "refs/tags/v43.1", true)]
    [TestCase("push", "refs/heads/feature", false)]
    [TestCase("pull_request", "refs/pull/7/merge", false)]
    [TestCase("workflow_dispatch", "refs/heads/main", false)]
    public void Retries_count_on_pushes_to_main_and_release_tags_only(string eventName, string gitRef, bool retries) =>
        FlakePolicy.RetriesOn(eventName, gitRef).Should().Be(retries);

    private void FailThenPass()
    {
        _jobs.Attempt("gate-reference", "first", "reference", NotMet("kms", "Kms_native_driver", "no DRM driver bound", "Kms_connector"), Met("tpm", "Tpm_ok"));
        _jobs.Attempt("gate-reference", "retry", "reference", Met("kms", "Kms_native_driver", "Kms_connector"));
    }

    private ReleaseDecision Decide(FlakePolicy policy, QuarantineList? quarantine = null, FlakeHistory? history = null) =>
        ReleaseDecision.Decide(Planned, GateJob.ReadAll(_jobs.Jobs), quarantine ?? QuarantineList.None("quarantine.yml"), history ?? FlakeHistory.Empty, policy);

    private static QuarantineList Quarantine(params (string Test, string? Target)[] entries) =>
        QuarantineLoader.Parse(
            "version: 1\nquarantine:\n" + string.Concat(entries.Select(e =>
                $"  - test: {e.Test}\n{(e.Target is null ? string.Empty : $"    target: {e.Target}\n")}    tracker: https://x.invalid/issues/1\n    owner: alice\n    expires: 2026-02-01\n")),
            "quarantine.yml", new DateOnly(2026, 1, 15));
}
