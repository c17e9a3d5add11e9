using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;
using VeilorQA.Harness.Tests.Matrix;
using VeilorQA.Release.Suites;

namespace VeilorQA.Harness.Tests.Reporting.Verdicts;

public class ExpectationJudgeTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
    private static readonly MatrixCase CleanKms = Real.CasesFor("kms", r => r.Name == "reference")[0];
    private static readonly MatrixCase BrokenKms = Real.CasesFor("kms", r => r.Name == "faults-combined")[0];
    private static readonly MatrixCase BrokenWifi = Real.CasesFor("suspend-wifi", r => r.Name == "fault-wifi-no-resume")[0];
    private static readonly MatrixCase BrokenUsbGuard = Real.CasesFor("usbguard", r => r.Name == "fault-usbguard-allow-all")[0];
    private static readonly MatrixCase LoopbackUsbGuard = Real.CasesFor("usbguard", r => r.Name == "laptop-loopback")[0];
    private static readonly MatrixCase CleanUsbGuard = Real.CasesFor("usbguard", r => r.Name == "install")[0];

    private static readonly IReadOnlyList<CataloguedTest> KmsTests = Tests("kms", "KmsSuite", "The_kernel_command_line_has_no_nomodeset", "A_native_DRM_driver_drives_a_connected_output");
    private static readonly IReadOnlyList<CataloguedTest> WifiTests = Tests("suspend-wifi", "SuspendWifiSuite", "Connected", "Cycles");
    private static readonly IReadOnlyList<CataloguedTest> UsbTests = Tests("usbguard", "UsbGuardSuite", "Daemon", "Rules", "HotPlug", "AfterReboot");

    [Test]
    public void A_clean_case_whose_every_test_passed_is_met()
    {
        var verdict = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Passed(KmsTests[1]));

        verdict.Outcome.Should().Be(CaseOutcome.Met);
        verdict.Cause.Should().BeNull();
        verdict.Passed.Should().Be(2);
    }

    [Test]
    public void A_clean_case_with_a_failed_test_is_not_met_as_a_product_failure()
    {
        var verdict = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Result(KmsTests[1], AllureStatus.Failed, "KMS FAILED: no native DRM driver is bound"));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.Product);
        verdict.Reason.Should().Be("failed: KMS FAILED: no native DRM driver is bound");
        verdict.Line().Should().StartWith("NOT MET [product]");
    }

    [Test]
    public void A_clean_case_whose_tests_were_all_skipped_is_not_met_and_the_run_exits_non_zero()
    {
        var verdict = Judge(CleanKms, KmsTests, Skipped(KmsTests[0], "target lab lacks a console"), Skipped(KmsTests[1], "target lab lacks a console"));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.NotProven);
        verdict.Reason.Should().StartWith("not proven: 2 test(s) skipped or inconclusive without a waiver");
        ReleaseDecision.Of([verdict]).ExitCode.Should().Be(3);
    }

    [Test]
    public void A_partly_skipped_clean_case_is_not_met_where_it_used_to_read_passed()
    {
        var verdict = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Skipped(KmsTests[1], "the LUKS passphrase of target x1 is not configured"));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("A_native_DRM_driver_drives_a_connected_output: the LUKS passphrase of target x1 is not configured");
    }

    [Test]
    public void A_skip_the_run_waives_by_its_missing_capability_is_met_and_the_waiver_is_shown()
    {
        var hotPlug = Skipped(UsbTests[2], "needs IUsbPort: laptop refvm-over-ssh has usb_hotplug: none") with
        {
            Labels = [new Label(LabelNames.Tag, "usbguard"), new Label(ExpectationJudge.MissingCapabilityLabel, "usb_hotplug")],
        };
        var reboot = Skipped(UsbTests[3], "needs IUsbPort") with
        {
            Labels = [new Label(LabelNames.Tag, "usbguard"), new Label(ExpectationJudge.MissingCapabilityLabel, "usb_hotplug")],
        };

        var verdict = Judge(LoopbackUsbGuard, UsbTests, Passed(UsbTests[0]), Passed(UsbTests[1]), hotPlug, reboot);

        verdict.Outcome.Should().Be(CaseOutcome.Met);
        verdict.Waived.Should().HaveCount(2).And.OnlyContain(w => w.Waiver == "usbguard/usb_hotplug" && w.Reason.Contains("no USB switch", StringComparison.Ordinal));
        verdict.Line().Should().Contain("waived: HotPlug under usbguard/usb_hotplug (no USB switch");
    }

    [Test]
    public void The_same_skip_without_a_waiver_of_its_run_is_not_proven()
    {
        var hotPlug = Skipped(UsbTests[2], "needs IUsbPort") with
        {
            Labels = [new Label(LabelNames.Tag, "usbguard"), new Label(ExpectationJudge.MissingCapabilityLabel, "usb_hotplug")],
        };

        var verdict = Judge(CleanUsbGuard, UsbTests, Passed(UsbTests[0]), Passed(UsbTests[1]), hotPlug, Passed(UsbTests[3]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.NotProven);
        verdict.Waived.Should().BeEmpty();
    }

    [Test]
    public void A_waiver_of_one_capability_does_not_cover_a_test_skipped_for_another()
    {
        var passphrase = Skipped(UsbTests[2], "the LUKS passphrase of target x is not configured") with
        {
            Labels = [new Label(LabelNames.Tag, "usbguard"), new Label(ExpectationJudge.MissingCapabilityLabel, "screen")],
        };

        var verdict = Judge(LoopbackUsbGuard, UsbTests, Passed(UsbTests[0]), Passed(UsbTests[1]), passphrase, Passed(UsbTests[3]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("HotPlug: the LUKS passphrase");
    }

    [Test]
    public void A_test_host_that_died_after_the_first_passing_test_leaves_the_case_not_met()
    {
        var crashed = new TestProcessOutcome(1, new TrxSummary("Failed", 1, 1, 1, 0, 0, 0, 0, ["The active test run was aborted. Reason: Test host process crashed : Process terminated."]));

        var verdict = ExpectationJudge.Judge(CleanKms, [Passed(KmsTests[0])], KmsTests, crashed);

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.Harness);
        verdict.Reason.Should().Contain("cut short").And.Contain("Test host process crashed");
        verdict.Missing.Should().Be(1);
    }

    [Test]
    public void A_missing_result_alone_is_not_proven_and_named()
    {
        var verdict = Judge(CleanKms, KmsTests, Passed(KmsTests[0]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.NotProven);
        verdict.Reason.Should().Contain("no result for 1 of 2 test(s) (A_native_DRM_driver_drives_a_connected_output)");
    }

    [Test]
    public void A_non_zero_test_exit_that_no_failed_test_explains_breaks_a_case_whose_tests_all_passed()
    {
        var verdict = ExpectationJudge.Judge(CleanKms, [Passed(KmsTests[0]), Passed(KmsTests[1])], KmsTests,
            new TestProcessOutcome(134, new TrxSummary("Completed", 2, 2, 2, 0, 0, 0, 0, [])));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("dotnet test exited 134 though no test failed");
    }

    [Test]
    public void A_suite_the_built_code_lacks_is_not_met()
    {
        var verdict = ExpectationJudge.Judge(CleanKms, [], [], TestProcessOutcome.Clean);

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("no [ReleaseSuite(\"kms\")] fixture");
    }

    [Test]
    public void A_broken_result_is_infrastructure_when_an_infrastructure_exception_was_thrown_and_a_harness_error_otherwise()
    {
        var timeout = new WaitTimeoutException("SSH at root@127.0.0.1:2222", TimeSpan.FromMinutes(3), "connection refused");
        var infrastructure = Judge(CleanKms, KmsTests, Result(KmsTests[0], AllureStatus.Broken, $"{timeout.GetType().FullName} : {timeout.Message}"), Passed(KmsTests[1]));
        var harness = Judge(CleanKms, KmsTests, Result(KmsTests[0], AllureStatus.Broken, "System.NullReferenceException : Object reference not set"), Passed(KmsTests[1]));

        infrastructure.Cause.Should().Be(NotMetCause.Infrastructure);
        infrastructure.Reason.Should().StartWith("broken (infrastructure): VeilorQA.Harness.Capabilities.WaitTimeoutException");
        harness.Cause.Should().Be(NotMetCause.Harness);
        harness.Reason.Should().StartWith("broken (harness error): System.NullReferenceException");
    }

    [Test]
    public void An_unreachable_laptop_and_a_lost_VM_shell_are_the_same_class()
    {
        var laptop = $"{typeof(VeilorQA.Harness.Targets.Laptop.TargetUnreachableException).FullName} : target x1: SSH x1:22 unreachable";
        var vm = $"OneTimeSetUp: {typeof(VeilorQA.Harness.Channels.Shell.SshConnectException).FullName} : connection to root@127.0.0.1:40022 lost";

        FailureClassifier.Classify(AllureStatus.Broken, laptop).Should().Be(FailureClass.Infrastructure);
        FailureClassifier.Classify(AllureStatus.Broken, vm).Should().Be(FailureClass.Infrastructure);
    }

    [Test]
    public void A_case_broken_by_its_fault_that_fails_with_its_symptom_is_met()
    {
        var verdict = Judge(BrokenKms, KmsTests,
            Result(KmsTests[0], AllureStatus.Failed, KmsFailures.NomodesetOnCommandLine("BOOT_IMAGE=/vmlinuz nomodeset")), Passed(KmsTests[1]));

        verdict.Outcome.Should().Be(CaseOutcome.Met);
        verdict.Reason.Should().StartWith("failed as nomodeset requires: KMS: 'nomodeset' is on the kernel command line");
    }

    [Test]
    public void A_wifi_fault_run_whose_VM_never_wakes_is_not_met()
    {
        var neverWoke = new WaitTimeoutException(SuspendWifiFailures.ShellNotBack(1, "the shell to answer after waking the target (wake and reconnect attempts below) (polled 5×)"), TimeSpan.FromMinutes(3), "wake at 0.0 s accepted; no shell by 180.0 s");

        var verdict = Judge(BrokenWifi, WifiTests, Passed(WifiTests[0]), Result(WifiTests[1], AllureStatus.Broken, $"{neverWoke.GetType().FullName} : {neverWoke.Message}"));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.Infrastructure);
    }

    [Test]
    public void A_wifi_fault_run_failing_before_any_resume_does_not_prove_the_fault()
    {
        var verdict = Judge(BrokenWifi, WifiTests, Passed(WifiTests[0]), Result(WifiTests[1], AllureStatus.Failed, SuspendWifiFailures.DidNotSuspend(1, TimeSpan.FromSeconds(90))));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().StartWith("failed, but not as fault wifi-no-resume requires");
    }

    [Test]
    public void The_allowed_stick_kept_out_does_not_prove_usbguard_allow_all()
    {
        var rejected = UsbGuardFailures.AllowedRejected(UsbGuardSuite.AllowedSerial, "on hot-plug",
            "46f4:0001 serial 'VEILORQA-ALLOWED' on port 1-2: authorized=0, no block device; USBGuard: 'block id 46f4:0001 serial \"VEILORQA-ALLOWED\"'");

        var verdict = Judge(BrokenUsbGuard, UsbTests, Passed(UsbTests[0]), Passed(UsbTests[1]), Result(UsbTests[2], AllureStatus.Failed, rejected), Passed(UsbTests[3]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Cause.Should().Be(NotMetCause.Harness);
        verdict.Reason.Should().Contain("not as fault usbguard-allow-all requires");
    }

    [Test]
    public void A_case_its_fault_should_break_that_passes_is_not_met()
    {
        var verdict = Judge(BrokenKms, KmsTests, Passed(KmsTests[0]), Passed(KmsTests[1]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("the suite does not catch the fault");
    }

    [Test]
    public void An_expectation_that_backtracks_while_judging_gives_a_verdict_instead_of_a_crash()
    {
        var catastrophic = new Fault("nomodeset", "kms", "x", "(a+)+$");
        var broken = BrokenKms with { Faults = new ValueList<Fault>([catastrophic]) };

        var verdict = Judge(broken, KmsTests, Result(KmsTests[0], AllureStatus.Failed, new string('a', 40_000) + "!"), Passed(KmsTests[1]));

        verdict.Outcome.Should().Be(CaseOutcome.NotMet);
        verdict.Reason.Should().Contain("took over 250 ms");
    }

    [Test]
    public void The_results_of_a_case_are_those_tagged_with_its_suite()
    {
        var results = new[] { Passed(KmsTests[0]), Result(new CataloguedTest("tpm", "T.X", "X"), AllureStatus.Failed), Passed(KmsTests[1]) };

        ExpectationJudge.ResultsOf(CleanKms, results).Should().HaveCount(2).And.OnlyContain(r => r.Labels.Any(l => l.Value == "kms"));
    }

    [Test]
    public void The_wall_time_spans_the_first_start_to_the_last_stop()
    {
        var verdict = Judge(CleanKms, KmsTests, Passed(KmsTests[0]) with { Start = 1_000, Stop = 4_000 }, Passed(KmsTests[1]) with { Start = 4_500, Stop = 61_000 });

        verdict.WallTime.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Test]
    public void The_exit_code_is_1_for_a_product_failure_3_when_only_unproven_and_0_when_all_met()
    {
        var met = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Passed(KmsTests[1]));
        var product = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Result(KmsTests[1], AllureStatus.Failed, "KMS FAILED"));
        var infrastructure = Judge(CleanKms, KmsTests, Passed(KmsTests[0]), Result(KmsTests[1], AllureStatus.Broken, "VeilorQA.Harness.Libvirt.LibvirtException : virDomainCreate failed"));

        ReleaseDecision.Of([met, met]).ExitCode.Should().Be(0);
        ReleaseDecision.Of([met, infrastructure]).ExitCode.Should().Be(3);
        ReleaseDecision.Of([met, infrastructure, product]).ExitCode.Should().Be(1);
        ReleaseDecision.Of([met, infrastructure, product]).Headline.Should().StartWith("NO-GO: 1 of 3 cases failed on veilor-os");
    }

    private static CaseVerdict Judge(MatrixCase matrixCase, IReadOnlyList<CataloguedTest> tests, params TestResult[] results) =>
        ExpectationJudge.Judge(matrixCase, results, tests, TestProcessOutcome.Clean);

    private static IReadOnlyList<CataloguedTest> Tests(string suite, string fixture, params string[] methods) =>
        methods.Select(m => new CataloguedTest(suite, $"VeilorQA.Release.Suites.{fixture}.{m}", m)).ToList();

    private static TestResult Passed(CataloguedTest test) => Result(test, AllureStatus.Passed);

    private static TestResult Skipped(CataloguedTest test, string why) => Result(test, AllureStatus.Skipped, why);

    private static TestResult Result(CataloguedTest test, AllureStatus status, string? message = null) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        HistoryId = Guid.NewGuid().ToString("N"),
        FullName = test.FullName,
        Name = test.Method,
        Labels = [new Label(LabelNames.Tag, test.Suite)],
        Status = status,
        StatusDetails = message is null ? null : new StatusDetails { Message = message },
        Start = 0,
        Stop = 1,
    };
}
