using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Drm;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Tests.Matrix;
using VeilorQA.Release.Suites;

namespace VeilorQA.Harness.Tests.Matrix.Suites;

/// <summary>
/// Every fault's <c>expect:</c> of the real matrix held against the real failure texts of its suite (the suites build
/// them through their …Failures classes): it must match the fault's own symptom and nothing else — not the opposite
/// defect, not a failure before the symptom could show, not an infrastructure message of a lost or unwoken target.
/// </summary>
public class FaultProofMessageTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private const string UnknownState = "46f4:0001 serial 'VEILORQA-UNKNOWN' on port 1-3: authorized=1, block device sdb; USBGuard: 'allow id 46f4:0001 serial \"VEILORQA-UNKNOWN\" via-port \"1-3\"'";
    private const string AllowedBlocked = "46f4:0001 serial 'VEILORQA-ALLOWED' on port 1-2: authorized=0, no block device; USBGuard: 'block id 46f4:0001 serial \"VEILORQA-ALLOWED\"'";

    /// <summary>Per fault: the text of its symptom, then every other failure its suite (or the harness under it) can give.</summary>
    private static readonly Dictionary<string, (string Symptom, string[] Others)> Suites = new()
    {
        ["wifi-no-resume"] = (
            SuspendWifiFailures.DidNotReconnect(1, Budget, "wlan0: disconnected (wifi)"),
            [
                SuspendWifiFailures.NotConnectedBeforeSuspend("veilorqa-ap", TimeSpan.FromSeconds(120), "wlan0: disconnected"),
                SuspendWifiFailures.ConnectedElsewhere("other-ap", "veilorqa-ap", "wlan0: connected to other-ap"),
                SuspendWifiFailures.DidNotSuspend(1, TimeSpan.FromSeconds(90)),
                SuspendWifiFailures.NoResumeMarkers(1, "no PM: suspend exit, no systemd return from sleep"),
                SuspendWifiFailures.ReconnectedLate(1, Budget, TimeSpan.FromSeconds(44.2), "NetworkManager: device (wlan0): Activation: successful"),
                SuspendWifiFailures.NoTraffic(1, "wlan0: connected to veilorqa-ap", "10.42.0.1", Budget, "1 packets transmitted, 0 received"),
                Infrastructure(new WaitTimeoutException(SuspendWifiFailures.ShellAfterWake(1, "wake and reconnect attempts below"), TimeSpan.FromMinutes(3), "wake at 0.0 s accepted; no shell by 180.0 s: connection refused")),
                Infrastructure(new WaitTimeoutException(SuspendWifiFailures.ShellAfterAlarm(1), TimeSpan.FromMinutes(2), "cycle 1: wifi did not reconnect")),
                Infrastructure(new SshConnectException(SshConnectFailure.ConnectionLost, "root@127.0.0.1:40022", "connection to root@127.0.0.1:40022 lost while running 'nmcli' after a resume")),
                Infrastructure(new TargetUnreachableException("refvm-over-ssh", "127.0.0.1:2222", SshConnectFailure.Unreachable, "target refvm-over-ssh: SSH 127.0.0.1:2222 unreachable after a resume")),
            ]),
        ["usbguard-allow-all"] = (
            UsbGuardFailures.UnknownAdmitted(UsbGuardSuite.UnknownSerial, "on hot-plug", UnknownState),
            [
                UsbGuardFailures.AllowedRejected(UsbGuardSuite.AllowedSerial, "on hot-plug", AllowedBlocked),
                UsbGuardFailures.AllowedWithoutDisk(UsbGuardSuite.AllowedSerial, "after a reboot", TimeSpan.FromSeconds(90), "46f4:0001 serial 'VEILORQA-ALLOWED': authorized=1, no block device; USBGuard: 'allow id 46f4:0001'"),
                UsbGuardFailures.DaemonNotActive("inactive"),
                UsbGuardFailures.DaemonNotActiveAfterReboot("failed"),
                UsbGuardFailures.RuleWithoutId(["rule 1 'allow' allows without naming a device id"], 1),
                UsbGuardFailures.NoIdRule(),
                Infrastructure(new WaitTimeoutException("USBGuard's verdict on the stick with serial VEILORQA-UNKNOWN", TimeSpan.FromSeconds(90), UnknownState)),
            ]),
        ["nomodeset"] = (
            KmsFailures.NomodesetOnCommandLine("BOOT_IMAGE=/boot/vmlinuz root=/dev/mapper/root nomodeset console=ttyS0"),
            [
                new DrmState([], [], ["simpledrmdrmfb"], false, []).Verdict,
                new DrmState([], [], [], false, []).Verdict,
                Infrastructure(new WaitTimeoutException("'cat /proc/cmdline' on root@127.0.0.1:40022 to finish", Budget, "stdout:\nnomodeset")),
            ]),
        ["9p-blocked"] = (
            Logs9pFailures.NotShared("1f0c", "veilorqa-logs", TimeSpan.FromSeconds(45), true, Logs9pFailures.ModprobeBlocks(["/etc/modprobe.d/veilorqa-9p.conf:install 9p /bin/false"])),
            [
                Logs9pFailures.NotShared("1f0c", "veilorqa-logs", TimeSpan.FromSeconds(45), false, Logs9pFailures.NoBlockFound(["failed", "mount: 9p: unknown filesystem type; install 9p /bin/false was removed"])),
                Logs9pFailures.NoJournalOverSsh(1, "journalctl: No journal files were found."),
                Infrastructure(new WaitTimeoutException("'journalctl -b' on root@127.0.0.1:40022 to finish", Budget, "modprobe blocks it (install 9p /bin/false)")),
            ]),
        ["firstboot-unit-unwanted"] = (
            Firstboot(wantedBy: "", starts: 0, failures: 0),
            [
                Firstboot(wantedBy: "multi-user.target", starts: 0, failures: 1),
                Firstboot(wantedBy: "multi-user.target", starts: 2, failures: 0),
                Firstboot(wantedBy: "multi-user.target", starts: 0, failures: 0),
                Infrastructure(new TargetUnreachableException("lab-x1", "x1:22", SshConnectFailure.KeyRejected, "target lab-x1: key rejected: not wanted by multi-user.target")),
            ]),
    };

    [Test]
    public void Every_fault_of_the_matrix_is_held_against_its_suites_messages()
    {
        Suites.Keys.Should().BeEquivalentTo(Real.Faults.Select(f => f.Name));
    }

    [TestCaseSource(nameof(FaultNames))]
    public void The_faults_expectation_matches_its_own_symptom(string fault)
    {
        var expect = FaultExpectation.Compile(Real.Fault(fault).Expect);

        expect.IsMatch(Suites[fault].Symptom).Should().BeTrue($"/{expect}/ must match the symptom: {Suites[fault].Symptom}");
    }

    [TestCaseSource(nameof(FaultNames))]
    public void The_faults_expectation_matches_no_other_failure_of_its_suite(string fault)
    {
        var expect = FaultExpectation.Compile(Real.Fault(fault).Expect);

        foreach (var other in Suites[fault].Others)
        {
            expect.IsMatch(other).Should().BeFalse($"/{expect}/ must not match: {other}");
        }
    }

    private static IEnumerable<string> FaultNames() => Real.Faults.Select(f => f.Name);

    /// <summary>An infrastructure exception as NUnit reports it: <c>Type : message</c>.</summary>
    private static string Infrastructure(Exception e) => $"{e.GetType().FullName} : {e.Message}";

    private static string Firstboot(string wantedBy, int starts, int failures)
    {
        var state = SystemdUnitState.Parse(
            $"Id=veilor-firstboot.service\nLoadState=loaded\nActiveState={(failures > 0 ? "failed" : "inactive")}\nSubState=dead\nUnitFileState=enabled\nWantedBy={wantedBy}\n" +
            $"ExecMainStatus={(failures > 0 ? 3 : 0)}\nResult={(failures > 0 ? "exit-code" : "success")}\nNRestarts=0\n");
        var entry = new JournalEntry("s=1", DateTimeOffset.UnixEpoch, "Finished veilor-firstboot.service.", new Dictionary<string, string>());
        var check = new UnitRunCheck(state, FirstbootSuite.WantedBy, Enumerable.Repeat(entry, starts).ToList())
        {
            FailedRuns = Enumerable.Repeat(entry, failures).ToList(),
            LastLines = failures > 0 ? ["veilor-firstboot: writing /var/lib/veilor/firstboot.done", "veilor-firstboot.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED"] : [],
        };
        return $"firstboot: {check.Verdict}";
    }
}
