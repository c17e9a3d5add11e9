using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Drm;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Watch;
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
                Infrastructure(new WaitTimeoutException(SuspendWifiFailures.ShellNotBack(1, "the shell to answer after waking the target (wake and reconnect attempts below) (polled 5×)"), TimeSpan.FromMinutes(3), "wake at 0.0 s accepted; no shell by 180.0 s: connection refused")),
                Infrastructure(new WaitTimeoutException(SuspendWifiFailures.ShellNotBack(1, "the shell to answer after the RTC alarm was due"), TimeSpan.FromMinutes(2), "cycle 1: wifi did not reconnect")),
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
        // The suites of issue 13 build their messages inline; these are their texts as they print them.
        ["tailscale-zone-default"] = (
            "firewall: tailscale0 is in zone 'veilor' — the default zone, not in zone 'trusted' (tailscale_zone) when it appears after firewalld started (runtime, 2.1 s after it was up): exit-node and subnet-route forwarding is blocked [samples: 0.5s:veilor 2.1s:veilor]",
            [
                "firewall: tailscale0 is in zone 'public', not in zone 'trusted' (tailscale_zone) after firewall-cmd --reload (runtime): exit-node and subnet-route forwarding is blocked",
                "firewall: firewalld.service is 'inactive', not active: no firewall zone applies to any interface",
                "firewall: the default zone 'veilor' has target ACCEPT: it accepts every connection (veilor: target ACCEPT)",
                "firewall: the default zone is 'trusted', the same zone veilor chose for tailscale0 (tailscale_zone): every interface would get what tailscale0 needs",
                "firewall: zone 'trusted' does not list tailscale0 after a reboot (trusted: interfaces none)",
                "firewall: after the reboot firewall-cmd --state says 'not running'",
                Infrastructure(new WaitTimeoutException("the LUKS passphrase prompt after the reboot", TimeSpan.FromMinutes(12), "tailscale0 is in no zone")),
            ]),
        ["skel-unbranded"] = (
            "branding: a new user's home is not veilor's /etc/skel: ~/.config/kdeglobals is missing (/etc/skel: ls: cannot access '/etc/skel/.config/kdeglobals': No such file or directory); ~/.bashrc lacks the line '[ -r /usr/share/veilorqa/bashrc ] && . /usr/share/veilorqa/bashrc'",
            [
                "branding: a new user's home is not veilor's /etc/skel: ~/.config/kdeglobals [KDE] LookAndFeelPackage is 'org.kde.breeze.desktop', not 'org.veilorqa.reference.desktop'",
                "branding: a new user's home is not veilor's /etc/skel: ~/.config/kdeglobals has mode 0600, not 0644",
                "branding: /etc/os-release: NAME is 'Debian GNU/Linux', not 'veilorqa reference'",
                "branding: removing the test user vqa1a2b3c4d left traces: /home/vqa1a2b3c4d",
                "branding: the boot menu entry ostree-1.conf is titled 'Debian GNU/Linux 12', without 'veilorqa reference'",
            ]),
        ["tpm-policy-without-pcr7"] = (
            "TPM: with Secure Boot off the root volume opened without a prompt: the TPM policy does not bind PCR 7 (policy 7+14, PCR 7 a1b2 → c3d4)",
            [
                "TPM: the LUKS prompt appeared although the root volume is enrolled with PCRs 7+14 and nothing changed: the TPM did not unseal the key at boot",
                "TPM: the boot meant to run with Secure Boot off had it on (enabled): the firmware switch did not take",
                "TPM: systemd-cryptenroll --tpm2-pcrs=7+14 /dev/vda3 failed (exit 1): Failed to unseal",
                "TPM: sha256 PCR 7 is all zeroes: nothing was measured into a PCR a TPM unlock binds",
                Infrastructure(new WaitTimeoutException("the shell after a TPM unlock", TimeSpan.FromMinutes(12), "Please enter passphrase for disk")),
            ]),
        ["unit-fails-at-boot"] = (
            "health: after boot: systemctl is-system-running says 'degraded', not 'running'\nafter boot: 1 failed unit(s): veilorqa-fails-at-boot.service (failed, exit-code)",
            [
                "health: after suite tpm: 1 failed unit(s): veilorqa-firstboot.service (failed, exit-code)",
                "health: at the end: systemctl is-system-running says 'starting', not 'running'",
                Infrastructure(new TargetUnreachableException("refvm", "127.0.0.1:40022", SshConnectFailure.Unreachable, "target refvm: SSH unreachable: veilorqa-fails-at-boot.service")),
            ]),
        ["update-not-finalized"] = (
            "bootc-upgrade: after the reboot the booted deployment is still the previous one, veilorqa 1 (c0ffee1), not the staged candidate veilorqa 2 (50c0156) (booted 1, rollback none)",
            [
                "bootc-upgrade: after the reboot the booted deployment is veilorqa 3 (deadbee), neither the staged candidate veilorqa 2 (50c0156) nor the previous veilorqa 1 (c0ffee1)",
                "bootc-upgrade: after the reboot the system reports no booted deployment (none)",
                "bootc-upgrade: not checked: the candidate was never staged (see the staging test)",
                Infrastructure(new WaitTimeoutException("/Please enter passphrase for disk/ on serial console", TimeSpan.FromMinutes(12), "the previous one")),
            ]),
        ["luks-keyfile-in-initramfs"] = (
            BootLuksFailures.UnlockedWithoutPrompt("on the serial console", "Reached target cryptsetup.target - Local Encrypted Volumes.", TimeSpan.FromSeconds(27.9)),
            [
                BootLuksFailures.WrongPassphraseAccepted("EXT4-fs (dm-0): mounted filesystem"),
                BootLuksFailures.PromptOnSerialDespiteScreen(),
                BootLuksFailures.NeverUnlockedByKeyboard(3),
                BootLuksFailures.PassphraseEchoed(4242, "on the serial console"),
                "boot chain: Secure Boot is not enforcing (EFI, Secure Boot disabled)",
                "LUKS: the root file system is not on a dm-crypt volume:\nvda3 part",
                Infrastructure(new WaitTimeoutException("the LUKS passphrase prompt after power-on (or a sign that the root volume opened without one)", TimeSpan.FromMinutes(5),
                    "BdsDxe: loading Boot0001; the root volume was unlocked without asking")),
                Infrastructure(new WaitTimeoutException("the serial console to fall quiet for 8 s", TimeSpan.FromMinutes(12), "EXT4-fs (dm-0): mounted filesystem")),
            ]),
        ["install-kickstart-syntax"] = (Install(InstallKickstart), OtherInstallFailures(InstallKickstart)),
        ["install-disk-too-small"] = (Install(InstallStorage), OtherInstallFailures(InstallStorage)),
        ["install-registry-unreachable"] = (Install(InstallRefused), OtherInstallFailures(InstallRefused)),
        ["install-tag-missing"] = (Install(InstallTagMissing), OtherInstallFailures(InstallTagMissing)),
        ["install-digest-mismatch"] = (Install(InstallDigest), OtherInstallFailures(InstallDigest)),
        ["install-post-fails"] = (Install(InstallPost), OtherInstallFailures(InstallPost)),
        ["install-network-late"] = (Install(InstallUnreachable), OtherInstallFailures(InstallUnreachable, InstallRefused)),
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

    // The install suite's failures as the install watcher explains them (texts seen from the reference installer).
    private static InstallFailure InstallKickstart => new(InstallFailureKind.KickstartParse,
        "kickstart: the installer refused line 54: Unknown command: firewall (line 54: firewall --enabled --service=ssh)", []);
    private static InstallFailure InstallStorage => new(InstallFailureKind.Storage,
        "storage: configuring the disk failed: Unable to allocate requested partition scheme.", []);
    private static InstallFailure InstallRefused => new(InstallFailureKind.Payload,
        "payload: 'ostree container image deploy' (image 10.0.2.2:40411/veilorqa/reference@sha256:44da) exited with code 1: Performing deployment: Creating importer: failed to invoke method OpenImage: pinging container registry 10.0.2.2:40411: Get \"http://10.0.2.2:40411/v2/\": dial tcp 10.0.2.2:40411: connect: connection refused", []);
    private static InstallFailure InstallTagMissing => new(InstallFailureKind.Payload,
        "payload: 'ostree container image deploy' (image 10.0.2.2:40411/veilorqa/reference:does-not-exist) exited with code 1: Performing deployment: Creating importer: failed to invoke method OpenImage: reading manifest does-not-exist in 10.0.2.2:40411/veilorqa/reference: manifest unknown", []);
    private static InstallFailure InstallDigest => new(InstallFailureKind.Payload,
        "payload: 'ostree container image deploy' (image 10.0.2.2:40411/veilorqa/reference@sha256:44da) exited with code 1: Importing: writing blob: Digest did not match, expected sha256:9f1c, got sha256:77aa", []);
    private static InstallFailure InstallPost => new(InstallFailureKind.Script,
        "kickstart script: the script at line 58 failed with exit code 3: veilorqa: this %post fails on purpose (install-post-fails)", []);
    private static InstallFailure InstallUnreachable => new(InstallFailureKind.Payload,
        "payload: 'ostree container image deploy' (image 10.0.2.2:40411/veilorqa/reference@sha256:44da) exited with code 1: Performing deployment: Creating importer: failed to invoke method OpenImage: pinging container registry 10.0.2.2:40411: dial tcp 10.0.2.2:40411: connect: network is unreachable", []);

    private static DiskBootObservation NothingBooted => new(null, true, TimeSpan.FromSeconds(34), ["BdsDxe: No bootable option or device was found."]);

    private static string Install(InstallFailure failure) => InstallFailures.Failed(failure, NothingBooted);

    // Every other install failure, the same failure with a disk that still boots, and the harness's own troubles.
    private static string[] OtherInstallFailures(params InstallFailure[] own) =>
        new[] { InstallKickstart, InstallStorage, InstallRefused, InstallTagMissing, InstallDigest, InstallPost, InstallUnreachable }
            .Except(own)
            .Select(Install)
            .Concat(own.Select(f => InstallFailures.Failed(f, new DiskBootObservation("GNU GRUB  version 2.06", false, TimeSpan.FromSeconds(20), []))))
            .Append(Install(new InstallFailure(InstallFailureKind.KernelCallTrace, "kernel: a call trace after \"watchdog: BUG: soft lockup - CPU#0 stuck for 21s! [systemd:1]\"", [])))
            .Append(Install(new InstallFailure(InstallFailureKind.Timeout, "the install did not end within 60 min: stuck in phase PayloadPull; last line: Deployment starting", [])))
            .Append(Infrastructure(new WaitTimeoutException("the install VM to power off", TimeSpan.FromMinutes(60), "connection refused; manifest unknown; Unknown command: firewall")))
            .ToArray();
}
