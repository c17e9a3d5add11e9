using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest;

namespace VeilorQA.Harness.Tests.Guest.Reference;

/// <summary>Boots the reference guest once with four faults switched on through the SMBIOS SKU (vms/reference/FAULTS.md) and checks that the typed probes see each documented symptom.</summary>
/// <remarks>The good-guest opposites are covered by <see cref="ReferenceGuestBootTests"/>.</remarks>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ReferenceGuestFaultTests
{
    private const string Nomodeset = "nomodeset";
    private const string UsbGuardAllowAll = "usbguard-allow-all";
    private const string NinePBlocked = "9p-blocked";
    private const string FirstbootUnwanted = "firstboot-unit-unwanted";
    private const string LogsUnit = "veilorqa-logs.service";
    private const string FirstbootUnit = "veilor-firstboot.service";
    private const string FirstbootStamp = "/var/lib/veilor/firstboot.done";
    private const string NinePRefusedMessage = "veilorqa-logs: 9p refused: cannot load 9pnet_virtio/9p (blocked by modprobe.d?)";

    private static readonly string[] Faults = [Nomodeset, UsbGuardAllowAll, NinePBlocked, FirstbootUnwanted];

    // Units still starting when SSH answers (usbguard, the failing log unit) get this long to settle.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly ReferenceGuestBoot boot = new("reffaults", "veilorqa," + string.Join(',', Faults));

    [OneTimeSetUp]
    public Task Boot_the_reference_guest_once_with_four_faults() =>
        boot.BootAsync(line => TestContext.Progress.WriteLine(line));

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        await boot.DisposeAsync();

        boot.Leftovers.Should().BeEmpty("the domain, overlay, NVRAM copy, sockets, logs and swtpm state were removed");
    }

    [Test]
    public async Task The_guest_recorded_exactly_the_four_faults_from_the_sku()
    {
        var recorded = await OutputOfAsync("cat /run/veilorqa/faults");

        recorded.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Should().BeEquivalentTo(Faults, "the generator records every recognised SKU word and only those");
    }

    [Test]
    public async Task Nomodeset_leaves_no_native_DRM_driver_and_the_verdict_says_KMS_failed()
    {
        var drm = await new DrmProbe(Shell).ReadAsync();

        drm.NomodesetOnCmdline.Should().BeTrue(drm.Verdict);
        drm.NativeDriverBound.Should().BeFalse($"bochs-drm must not bind under nomodeset: {drm.Verdict}");
        drm.NomodesetKernelMessages.Should().NotBeEmpty($"the kernel logs \"{DrmState.NomodesetMessage}\"");
        drm.KernelModesettingWorks.Should().BeFalse();
        drm.Verdict.Should().StartWith("KMS FAILED:").And.Contain("'nomodeset' is on the kernel command line");
    }

    [Test]
    public async Task Usbguard_allow_all_enforces_an_allow_rule_without_an_id()
    {
        var probe = new UsbGuardProbe(Shell);
        await WaitUntilAsync(async () => await probe.DaemonStateAsync(), state => state == "active", "usbguard.service to be active");

        var policy = await probe.ListRulesAsync();
        var check = policy.EveryAllowRuleNamesAnId();

        check.Passed.Should().BeFalse(check.ToString());
        policy.Rules.Should().ContainSingle().Which.Text.Should().Be("allow");
        check.Violations.Should().ContainSingle().Which.Should().Contain("allows every device");
    }

    [Test]
    public async Task Nine_p_blocked_fails_the_log_unit_and_leaves_the_host_share_empty()
    {
        var systemd = new SystemdProbe(Shell);
        var unit = await WaitUntilAsync(() => systemd.ShowAsync(LogsUnit), u => u.ActiveState == "failed", $"{LogsUnit} to fail");
        var modprobeConfig = await OutputOfAsync("modprobe -c");
        var unitLog = await OutputOfAsync($"journalctl -b 0 -o cat --no-pager -u {LogsUnit}");

        unit.Result.Should().Be("exit-code", unit.ToString());
        unit.ExecMainStatus.Should().Be(1, unit.ToString());
        modprobeConfig.Split('\n').Select(l => l.Trim())
            .Should().Contain(["install 9p /bin/false", "install 9pnet_virtio /bin/false"]);
        unitLog.Should().Contain(NinePRefusedMessage);
        Directory.GetFileSystemEntries(boot.ShareDirectory).Select(Path.GetFileName)
            .Should().BeEmpty("the guest never mounted the share, so no {0} reached the host", ReferenceGuestBoot.JournalFile);
    }

    [Test]
    public async Task Firstboot_unit_unwanted_is_not_wanted_by_multi_user_target_and_never_ran()
    {
        var check = await new SystemdProbe(Shell).CheckWantedAndRanOnceAsync(FirstbootUnit, "multi-user.target");
        var stamp = await Shell.RunAsync($"test -e {FirstbootStamp}", CommandTimeout);

        check.State.Exists.Should().BeTrue(check.Verdict);
        check.WantedByTarget.Should().BeFalse(check.Verdict);
        check.Runs.Should().BeEmpty(check.Verdict);
        check.Passed.Should().BeFalse();
        check.State.ActiveState.Should().Be("inactive", check.State.ToString());
        check.Verdict.Should().Contain("not wanted by multi-user.target").And.Contain("never ran");
        stamp.ExitCode.Should().NotBe(0, "{0} is written only by a firstboot run", FirstbootStamp);
    }

    // Fails with the last value seen, never a bare timeout.
    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        var seen = await read();
        while (!done(seen) && waited.Elapsed < SettleTimeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            seen = await read();
        }

        if (!done(seen))
        {
            Assert.Fail($"waited {SettleTimeout.TotalSeconds:0} s for {what}; last seen: {seen}");
        }

        return seen;
    }

    private async Task<string> OutputOfAsync(string command) =>
        (await Shell.RunAsync(command, CommandTimeout)).EnsureSuccess().StandardOutput;

    private SshShell Shell => boot.Shell;
}
