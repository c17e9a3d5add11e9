using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Guest.UsbGuard;
using VeilorQA.Harness.Targets;

namespace VeilorQA.Release.Suites;

/// <summary>
/// USBGuard id rules: the daemon runs, every allow rule names a device id, a hot-plugged stick matching
/// an allow rule (id + serial) is authorized and gets a disk, an unknown stick is blocked (not
/// authorized in sysfs, no disk), and both verdicts are the same after a reboot.
/// </summary>
/// <remarks>
/// <para>
/// In a VM the sticks are QEMU's emulated <c>usb-storage</c>, whose id is FIXED at <c>46f4:0001</c>
/// (QEMU has no vendor/product properties); only the serial and the port differ. So the reference
/// guest's policy admits <c>allow id 46f4:0001 serial "VEILORQA-ALLOWED"</c> and the unknown stick is
/// the same id with serial <c>VEILORQA-UNKNOWN</c>: the id rule is exercised, the serial tells the two apart.
/// </para>
/// <para>
/// How a lab tests real VID:PIDs (the suite only asks <see cref="IUsbPort"/> for "a usb-storage with
/// serial S" and identifies the device in the guest by that serial, so nothing here changes):
/// </para>
/// <list type="bullet">
/// <item><description>
/// usb-host passthrough: plug two real sticks into the KVM runner, one whose VID:PID (and serial) the
/// image's policy allows and one it does not, and have the VM target's <see cref="IUsbPort"/> attach them
/// with libvirt <c>&lt;hostdev mode='subsystem' type='usb'&gt;&lt;source&gt;&lt;vendor id='0x…'/&gt;&lt;product id='0x…'/&gt;&lt;/source&gt;&lt;/hostdev&gt;</c>
/// (or QEMU <c>-device usb-host,vendorid=…,productid=…</c>); detach is the hot-unplug. The serial given
/// in <see cref="UsbDeviceSpec"/> then selects which physical stick to attach.
/// </description></item>
/// <item><description>
/// A USB gadget board for laptops (a Raspberry Pi Zero 2 W / any board with a UDC, cabled to the laptop):
/// the lab's <see cref="IUsbPort"/> adapter writes a configfs mass-storage gadget
/// (<c>/sys/kernel/config/usb_gadget/g/idVendor</c>, <c>idProduct</c>, <c>strings/0x409/serialnumber</c>,
/// <c>functions/mass_storage.0/lun.0/file</c>) with the VID:PID of a rule in veilor's policy and the
/// requested serial, and binds/unbinds the UDC to plug/unplug. Any VID:PID can be presented this way,
/// including the ids veilor's shipped policy names.
/// </description></item>
/// </list>
/// <para>
/// Either way the allowed device must match an allow rule of the image under test with serial
/// <see cref="AllowedSerial"/> (the reference guest's rules.conf), and the unknown one must not.
/// </para>
/// </remarks>
[ReleaseSuite("usbguard")]
[RebootsOrSuspends]
[Order(7)]
public sealed class UsbGuardSuite : TargetFixture
{
    /// <summary>The serial the reference guest's policy allows for usb-storage 46f4:0001.</summary>
    public const string AllowedSerial = "VEILORQA-ALLOWED";

    /// <summary>A serial no rule names: the same device id, so only an id-only or allow-all policy admits it.</summary>
    public const string UnknownSerial = "VEILORQA-UNKNOWN";

    private const string StickKind = "usb-storage";

    // Enumeration + USBGuard's decision + the SCSI disk appearing, under TCG on a loaded runner.
    private static readonly TimeSpan PlugBudget = TimeSpan.FromSeconds(90);

    // After USBGuard blocked a device: long enough for a late authorization or driver bind to show.
    private static readonly TimeSpan BlockedSettle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnplugBudget = TimeSpan.FromSeconds(60);

    /// <summary>SSH answers before a TCG guest has started everything; its first commands then time out or see services not up yet.</summary>
    [OneTimeSetUp]
    public Task WaitForStartUpToFinishAsync() => BootCompletion.WaitAsync(Shell, Target.Timeouts.Boot);

    [Test, Order(1)]
    public async Task The_USBGuard_daemon_is_active()
    {
        var state = await new UsbGuardProbe(Shell).DaemonStateAsync();
        Report.Parameter("usbguard.service", state);
        if (state != "active")
        {
            var status = await RunAsync("systemctl status --no-pager usbguard.service; journalctl -b -u usbguard.service --no-pager | tail -n 50");
            Report.Attach("usbguard.service status", status.StandardOutput + status.StandardError);
            Assert.Fail(UsbGuardFailures.DaemonNotActive(state));
        }
    }

    [Test, Order(2)]
    public async Task Every_allow_rule_of_the_running_policy_names_a_device_id()
    {
        var listed = await MustAsync(UsbGuardProbe.ListRules);
        Report.Attach("usbguard list-rules", listed.StandardOutput);
        var policy = new UsbGuardPolicy(UsbGuardRuleParser.ParseListRules(listed.StandardOutput));
        var check = policy.EveryAllowRuleNamesAnId();
        Report.Parameter("allow rules", policy.Rules.Count(r => r.Target == UsbGuardTarget.Allow));
        if (!check.Passed)
        {
            var onDisk = await RunAsync(UsbGuardProbe.ReadRulesFile);
            Report.Attach(UsbGuardProbe.RulesFile, onDisk.StandardOutput + onDisk.StandardError);
            Assert.Fail(UsbGuardFailures.RuleWithoutId(check.Violations, policy.Rules.Count));
        }

        Assert.That(policy.Rules.Any(r => r.Target == UsbGuardTarget.Allow && r.Id is not null), Is.True, UsbGuardFailures.NoIdRule());
    }

    [Test, Order(3)]
    public async Task A_hot_plugged_stick_matching_an_allow_rule_is_authorized_and_an_unknown_one_is_blocked()
    {
        var port = Require<IUsbPort>();
        await PlugBothAndJudgeAsync(port, "on hot-plug");
    }

    [Test, Order(4)]
    public async Task After_a_reboot_the_same_sticks_get_the_same_verdicts()
    {
        var port = Require<IUsbPort>();
        await Report.StepAsync("reboot the target", async () =>
        {
            try
            {
                await Target.RebootAsync();
            }
            catch (CapabilityMissingException e)
            {
                Assert.Ignore($"needs a reboot the harness can finish: {e.Message}");
            }
        });
        await BootCompletion.WaitAsync(Shell, Target.Timeouts.Boot);
        var state = await new UsbGuardProbe(Shell).DaemonStateAsync();
        Assert.That(state, Is.EqualTo("active"), UsbGuardFailures.DaemonNotActiveAfterReboot(state));
        await PlugBothAndJudgeAsync(port, "after a reboot");
    }

    /// <summary>Plugs the allowed then the unknown stick, reads USBGuard's and the kernel's verdicts, unplugs both, then judges.</summary>
    private async Task PlugBothAndJudgeAsync(IUsbPort port, string when)
    {
        var probe = new UsbPlugProbe(Shell);
        var handles = new List<string>();
        UsbPlugState allowed;
        UsbPlugState unknown;
        try
        {
            allowed = await Report.StepAsync($"plug usb-storage serial {AllowedSerial} (allowed by the policy)", async () =>
            {
                handles.Add(await port.PlugAsync(new UsbDeviceSpec(StickKind, AllowedSerial)));
                var decided = await probe.WaitUntilAsync(AllowedSerial, s => s.Present && s.Decided, $"USBGuard's verdict on the stick with serial {AllowedSerial}", PlugBudget);
                if (decided.Guard!.Target != UsbGuardTarget.Allow)
                {
                    return decided;
                }

                try
                {
                    return await probe.WaitUntilAsync(AllowedSerial, s => s.Authorized && s.HasBlockDevice, $"the allowed stick {AllowedSerial} to be authorized and get a disk", PlugBudget);
                }
                catch (WaitTimeoutException)
                {
                    // USBGuard decided and the shell answers: what the kernel made of the stick is a fact to judge below.
                    return await probe.ReadAsync(AllowedSerial);
                }
            });
            Report.Parameter($"allowed stick {when}", allowed.ToString());

            unknown = await Report.StepAsync($"plug usb-storage serial {UnknownSerial} (in no rule)", async () =>
            {
                handles.Add(await port.PlugAsync(new UsbDeviceSpec(StickKind, UnknownSerial)));
                await probe.WaitUntilAsync(UnknownSerial, s => s.Present && s.Decided, $"USBGuard's verdict on the stick with serial {UnknownSerial}", PlugBudget);
                await Task.Delay(BlockedSettle);
                return await probe.ReadAsync(UnknownSerial);
            });
            Report.Parameter($"unknown stick {when}", unknown.ToString());
            var devices = await RunAsync(UsbGuardProbe.ListDevices);
            Report.Attach($"usbguard list-devices {when}", devices.StandardOutput + devices.StandardError);
        }
        finally
        {
            await Report.StepAsync("unplug both sticks", () => UnplugAllAsync(port, probe, handles));
        }

        var failures = new List<string>();
        if (unknown.Admitted)
        {
            failures.Add(UsbGuardFailures.UnknownAdmitted(UnknownSerial, when, unknown.ToString()));
        }

        if (allowed.Guard?.Target != UsbGuardTarget.Allow || !allowed.Authorized)
        {
            failures.Add(UsbGuardFailures.AllowedRejected(AllowedSerial, when, allowed.ToString()));
        }
        else if (!allowed.HasBlockDevice)
        {
            failures.Add(UsbGuardFailures.AllowedWithoutDisk(AllowedSerial, when, PlugBudget, allowed.ToString()));
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n", failures));
        }
    }

    private static async Task UnplugAllAsync(IUsbPort port, UsbPlugProbe probe, List<string> handles)
    {
        foreach (var handle in handles)
        {
            await port.UnplugAsync(handle);
        }

        foreach (var serial in new[] { AllowedSerial, UnknownSerial })
        {
            await probe.WaitUntilAsync(serial, s => !s.Present, $"the stick with serial {serial} to go away after unplug", UnplugBudget);
        }
    }
}
