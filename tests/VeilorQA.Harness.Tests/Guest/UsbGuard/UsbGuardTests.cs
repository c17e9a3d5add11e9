using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.UsbGuard;

namespace VeilorQA.Harness.Tests.Guest.UsbGuard;

public class UsbGuardTests
{
    [Test]
    public void Captured_list_devices_gives_ids_serials_ports_interfaces_and_verdicts()
    {
        var devices = UsbGuardRuleParser.ParseListDevices(Sample.Read("usbguard/list-devices.txt"));

        devices.Should().HaveCount(3);
        var stick = devices.Single(d => d.Id == "46f4:0001");
        stick.Number.Should().Be(8);
        stick.IsAllowed.Should().BeFalse();
        stick.Target.Should().Be(UsbGuardTarget.Block);
        stick.Serial.Should().Be("veilorqa-unknown-7");
        stick.Name.Should().Be("QEMU USB HARDDRIVE");
        stick.ViaPort.Should().Be("3-2");
        stick.Interfaces.Should().Equal("08:06:50");
        stick.Hash.Should().Be("jFnyz41daozbNMEmHCinv+mktVQMUPR0lCpB518Z8B4=");
        devices.Single(d => d.Id == "0627:0001").IsAllowed.Should().BeTrue();
    }

    [Test]
    public void The_blocked_listing_has_only_the_unknown_stick()
    {
        UsbGuardRuleParser.ParseListDevices(Sample.Read("usbguard/list-devices-blocked.txt"))
            .Should().ContainSingle().Which.Serial.Should().Be("veilorqa-unknown-7");
    }

    [Test]
    public void An_id_based_policy_passes_the_allow_rule_check()
    {
        var policy = new UsbGuardPolicy(UsbGuardRuleParser.ParseListRules(Sample.Read("usbguard/list-rules.txt")));

        var check = policy.EveryAllowRuleNamesAnId();

        check.Passed.Should().BeTrue(check.ToString());
        policy.Rules.Should().HaveCount(5);
        policy.Rules[3].WithInterface.Should().BeEquivalentTo(new UsbGuardAttribute("one-of", ["08:06:50", "08:06:62"]));
        policy.Rules[4].Target.Should().Be(UsbGuardTarget.Reject);
    }

    [Test]
    public void An_allow_all_policy_fails_naming_the_rule()
    {
        var policy = new UsbGuardPolicy(UsbGuardRuleParser.ParseListRules(Sample.Read("usbguard/list-rules-allow-all.txt")));

        var check = policy.EveryAllowRuleNamesAnId();

        check.Passed.Should().BeFalse();
        check.Violations.Should().Equal("rule 2 'allow' allows every device");
        check.ToString().Should().StartWith("USBGuard policy FAILED (every allow rule names an id):");
    }

    [Test]
    public void Allow_rules_without_an_id_or_with_any_id_are_violations()
    {
        var policy = new UsbGuardPolicy(UsbGuardRuleParser.ParseRulesFile(
            "# lab policy\nallow with-interface 03:*:*\nallow id *:*\nallow id one-of { 0627:0001 *:* }\nallow 1d6b:0002\n\nblock\n"));

        policy.EveryAllowRuleNamesAnId().Violations.Should().Equal(
            "rule 'allow with-interface 03:*:*' names no id, so any device matching the rest is allowed",
            "rule 'allow id *:*' allows any vendor and product (*:*)",
            "rule 'allow id one-of { 0627:0001 *:* }' allows any vendor and product (one-of { 0627:0001 *:* })");
    }

    [Test]
    public void The_rules_file_the_daemon_loaded_matches_what_it_lists()
    {
        var file = UsbGuardRuleParser.ParseRulesFile(Sample.Read("usbguard/rules.conf"));
        var listed = UsbGuardRuleParser.ParseListRules(Sample.Read("usbguard/list-rules.txt"));

        file.Select(r => r.Text).Should().Equal(listed.Select(r => r.Text));
    }

    [Test]
    public void Escaped_characters_in_quoted_values_are_decoded()
    {
        var rule = UsbGuardRule.Parse("allow id 1234:5678 name \"Say \\\"hi\\\" \\x41\" serial \"a\\\\b\"");

        rule.Name.Should().Be("Say \"hi\" A");
        rule.Serial.Should().Be("a\\b");
    }

    [Test]
    public void A_line_that_is_not_a_rule_is_an_error_quoting_it()
    {
        var act = () => UsbGuardRuleParser.ParseListDevices("IPC connection failure!\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*expected 'N: rule'*IPC connection failure!*");
    }

    [Test]
    public async Task The_sysfs_script_reports_authorization_per_serial_and_skips_interfaces()
    {
        using var sys = new SysfsTree()
            .File("bus/usb/devices/usb3/idVendor", "1d6b\n").File("bus/usb/devices/usb3/idProduct", "0002\n")
            .File("bus/usb/devices/usb3/authorized", "1\n").File("bus/usb/devices/usb3/product", "xHCI Host Controller\n")
            .File("bus/usb/devices/usb3/serial", "0000:00:0d.0\n")
            .File("bus/usb/devices/3-1/idVendor", "0627\n").File("bus/usb/devices/3-1/idProduct", "0001\n")
            .File("bus/usb/devices/3-1/authorized", "1\n").File("bus/usb/devices/3-1/product", "QEMU USB Keyboard\n")
            .File("bus/usb/devices/3-1/serial", "42\n")
            .File("bus/usb/devices/3-1:1.0/bInterfaceClass", "03\n")
            .File("bus/usb/devices/3-2/idVendor", "46f4\n").File("bus/usb/devices/3-2/idProduct", "0001\n")
            .File("bus/usb/devices/3-2/authorized", "0\n").File("bus/usb/devices/3-2/product", "QEMU USB HARDDRIVE\n")
            .File("bus/usb/devices/3-2/serial", "veilorqa unknown 7\n");
        var listing = (await new LocalBashShell().RunAsync(UsbGuardProbe.SysfsScript(sys.Root), TimeSpan.FromSeconds(10))).StandardOutput;
        var shell = new RecordedShell().Answer(UsbGuardProbe.ListSysfsDevices, listing);
        var probe = new UsbGuardProbe(shell);

        (await probe.ListSysfsDevicesAsync()).Select(d => d.Port).Should().Equal("3-1", "3-2", "usb3");
        (await probe.IsAuthorizedBySerialAsync("42")).Should().BeTrue();
        (await probe.IsAuthorizedBySerialAsync("veilorqa unknown 7")).Should().BeFalse();
        (await probe.IsAuthorizedBySerialAsync("not-plugged")).Should().BeNull();
    }

    [Test]
    public void Lsblk_lines_give_the_transport_so_a_usb_disk_is_recognised()
    {
        UsbGuardProbe.ParseBlockDevices(Sample.Read("usb/lsblk-no-usb.txt")).Should().OnlyContain(d => !d.IsUsb);
        UsbGuardProbe.ParseBlockDevices("sda usb veilorqa\\x20unknown\n").Should().ContainSingle()
            .Which.Should().Be(new UsbBlockDevice("sda", "usb", "veilorqa unknown"));
    }

    [Test]
    public async Task The_daemon_state_is_the_word_systemctl_prints_even_on_a_non_zero_exit()
    {
        var shell = new RecordedShell().Answer(UsbGuardProbe.IsDaemonActive, "inactive\n", exitCode: 3);

        (await new UsbGuardProbe(shell).DaemonStateAsync()).Should().Be("inactive");
    }
}
