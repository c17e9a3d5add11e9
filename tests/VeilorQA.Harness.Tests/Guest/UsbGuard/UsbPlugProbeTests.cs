using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.UsbGuard;

namespace VeilorQA.Harness.Tests.Guest.UsbGuard;

/// <summary>
/// Listings captured on the reference guest with two usb-storage sticks hot-plugged through libvirt
/// (serial VEILORQA-ALLOWED on port 2-1, VEILORQA-UNKNOWN on 2-2) under its id-rule policy.
/// </summary>
public class UsbPlugProbeTests
{
    private const string Sysfs =
        "2-1\t46f4:0001\t1\tQEMU USB HARDDRIVE\tVEILORQA-ALLOWED\n" +
        "2-2\t46f4:0001\t0\tQEMU USB HARDDRIVE\tVEILORQA-UNKNOWN\n" +
        "usb1\t1d6b:0002\t1\txHCI Host Controller\t0000:02:00.0\n" +
        "usb2\t1d6b:0003\t1\txHCI Host Controller\t0000:02:00.0\n";

    private const string BlockPaths =
        "dm-0\t/sys/devices/virtual/block/dm-0\n" +
        "loop0\t/sys/devices/virtual/block/loop0\n" +
        "sda\t/sys/devices/pci0000:00/0000:00:02.1/0000:02:00.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sda\n" +
        "vda\t/sys/devices/pci0000:00/0000:00:02.2/0000:03:00.0/virtio2/block/vda\n";

    private const string GuardDevices =
        "4: allow id 1d6b:0002 serial \"0000:02:00.0\" name \"xHCI Host Controller\" hash \"4+i1fOQzh6/CdbdfiwrmdTYf8TLnLkUDuN34mexLwrg=\" parent-hash \"tk91ejILTHC5XDTNeLGOAJfLza0VBAHXIC3JuPVFJxY=\" via-port \"usb1\" with-interface 09:00:00 with-connect-type \"\"\n" +
        "6: allow id 46f4:0001 serial \"VEILORQA-ALLOWED\" name \"QEMU USB HARDDRIVE\" hash \"7aIvZC4lZ/KOy3BM1gD3Hmo8jOtV6FWLvZn17KX4arE=\" parent-hash \"y3x3zO+ImubxaDO+lwd9cRo5hkReSyFP74WpJGJKlDc=\" via-port \"2-1\" with-interface 08:06:50 with-connect-type \"unknown\"\n" +
        "7: block id 46f4:0001 serial \"VEILORQA-UNKNOWN\" name \"QEMU USB HARDDRIVE\" hash \"S5rjaaINrprgGbJxcWutCqYL76qVdCrk1FDjkCohFFQ=\" parent-hash \"y3x3zO+ImubxaDO+lwd9cRo5hkReSyFP74WpJGJKlDc=\" via-port \"2-2\" with-interface 08:06:50 with-connect-type \"unknown\"\n";

    private static RecordedShell Guest(string sysfs = Sysfs, string guard = GuardDevices, int guardExit = 0) => new RecordedShell()
        .Answer(UsbGuardProbe.ListSysfsDevices, sysfs)
        .Answer(UsbPlugProbe.ListBlockDevicePaths, BlockPaths)
        .Answer(UsbGuardProbe.ListDevices, guard, guardExit);

    [Test]
    public async Task The_allowed_stick_is_authorized_with_its_disk_and_an_allow_verdict()
    {
        var state = await new UsbPlugProbe(Guest()).ReadAsync("VEILORQA-ALLOWED");

        state.Admitted.Should().BeTrue();
        state.BlockDevices.Should().Equal("sda");
        state.Guard!.Target.Should().Be(UsbGuardTarget.Allow);
        state.ToString().Should().Be("46f4:0001 serial 'VEILORQA-ALLOWED' on port 2-1: authorized=1, block device sda; USBGuard: '6: "
                                     + GuardDevices.Split('\n')[1][3..] + "'");
    }

    [Test]
    public async Task The_unknown_stick_is_blocked_without_a_disk()
    {
        var state = await new UsbPlugProbe(Guest()).ReadAsync("VEILORQA-UNKNOWN");

        state.Decided.Should().BeTrue();
        state.Admitted.Should().BeFalse();
        state.Guard!.Target.Should().Be(UsbGuardTarget.Block);
        state.ToString().Should().StartWith("46f4:0001 serial 'VEILORQA-UNKNOWN' on port 2-2: authorized=0, no block device; USBGuard: '7: block id 46f4:0001");
    }

    [Test]
    public async Task A_stopped_daemon_leaves_the_device_undecided()
    {
        var state = await new UsbPlugProbe(Guest(guard: string.Empty, guardExit: 1)).ReadAsync("VEILORQA-UNKNOWN");

        state.Present.Should().BeTrue();
        state.Decided.Should().BeFalse();
        state.ToString().Should().EndWith("USBGuard does not list it");
    }

    [Test]
    public void A_disk_belongs_to_the_port_its_sysfs_path_runs_through_and_not_to_a_sibling()
    {
        UsbPlugProbe.BlockDevicesUnder("2-1", BlockPaths).Should().Equal("sda");
        UsbPlugProbe.BlockDevicesUnder("2-2", BlockPaths).Should().BeEmpty();
        UsbPlugProbe.BlockDevicesUnder("2-1", "sdb\t/sys/devices/pci0000:00/usb2/2-1/2-1.3/2-1.3:1.0/host7/block/sdb\n").Should().Equal("sdb");
    }

    [Test]
    public async Task Waiting_for_a_stick_that_never_appears_times_out_saying_what_was_seen()
    {
        var time = new Wifi.SteppingTimeProvider();
        var hubOnly = Guest(sysfs: "usb1\t1d6b:0002\t1\txHCI Host Controller\t0000:02:00.0\n", guard: GuardDevices.Split('\n')[0] + "\n");
        var probe = new UsbPlugProbe(hubOnly, time);

        var wait = probe.WaitUntilAsync("VEILORQA-ALLOWED", s => s.Present, "the stick to appear", TimeSpan.FromSeconds(5));
        var act = () => time.DriveAsync(wait, TimeSpan.FromSeconds(1));

        (await act.Should().ThrowAsync<WaitTimeoutException>())
            .Which.LastSeen.Should().Be("no USB device with serial 'VEILORQA-ALLOWED' is enumerated");
    }

    [Test]
    public async Task A_read_the_shell_cannot_deliver_is_not_yet_and_the_timeout_names_it()
    {
        var time = new Wifi.SteppingTimeProvider();
        var broken = new RecordedShell { OnRun = _ => throw new IOException("channel open timed out") };
        var probe = new UsbPlugProbe(broken, time);

        var wait = probe.WaitUntilAsync("VEILORQA-ALLOWED", s => s.Present, "the stick to appear", TimeSpan.FromSeconds(3));
        var act = () => time.DriveAsync(wait, TimeSpan.FromSeconds(1));

        (await act.Should().ThrowAsync<WaitTimeoutException>())
            .Which.LastSeen.Should().Be("(not read: IOException: channel open timed out)");
        broken.Commands.Should().HaveCountGreaterThan(1, "the wait kept reading after the failed read");
    }
}
