using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Drm;
using VeilorQA.Harness.Guest.KernelCmdline;

namespace VeilorQA.Harness.Tests.Guest.Drm;

public class DrmProbeTests
{
    private static async Task<DrmState> ListAsync(SysfsTree sys, bool nomodeset = false, string dmesg = "")
    {
        var listing = await new LocalBashShell().RunAsync(DrmProbe.SysfsScript(sys.Root), TimeSpan.FromSeconds(10));
        listing.ExitCode.Should().Be(0, listing.StandardError);
        var (cards, connectors, fbs) = DrmSysfsListing.Parse(listing.StandardOutput);
        return new DrmState(cards, connectors, fbs, nomodeset, dmesg.Length == 0 ? [] : [dmesg]);
    }

    [Test]
    public async Task A_virtio_gpu_guest_with_a_connected_output_passes_with_its_mode_named()
    {
        using var sys = new SysfsTree()
            .Link("class/drm/card0/device/driver", "../../../bus/virtio/drivers/virtio_gpu")
            .File("class/drm/card0-Virtual-1/status", "connected\n")
            .File("class/drm/card0-Virtual-1/modes", "1280x800\n1024x768\n")
            .File("class/drm/renderD128/dev", "226:128\n")
            .File("class/graphics/fb0/name", "virtio_gpudrmfb\n");

        var state = await ListAsync(sys);

        state.Cards.Should().ContainSingle().Which.Should().Be(new DrmCard("card0", "virtio_gpu"));
        state.ConnectedConnectors.Should().ContainSingle().Which.Modes.Should().Equal("1280x800", "1024x768");
        state.KernelModesettingWorks.Should().BeTrue();
        state.Verdict.Should().Be("KMS OK: native driver virtio_gpu on card0 drives card0-Virtual-1 (1280x800).");
    }

    [Test]
    public async Task Simpledrm_alone_under_nomodeset_fails_naming_both_causes()
    {
        using var sys = new SysfsTree()
            .Link("class/drm/card0/device/driver", "../../../bus/platform/drivers/simple-framebuffer")
            .File("class/drm/card0-Unknown-1/status", "connected\n")
            .File("class/drm/card0-Unknown-1/modes", "1280x800\n");
        var dmesg = Sample.Read("drm/dmesg-nomodeset.txt").Trim();

        var state = await ListAsync(sys, nomodeset: true, dmesg);

        state.NativeDriverBound.Should().BeFalse();
        state.FirmwareFramebufferOnly.Should().BeTrue();
        state.Verdict.Should().StartWith("KMS FAILED: 'nomodeset' is on the kernel command line")
            .And.Contain("Only the system framebuffer will be available")
            .And.Contain("only the firmware framebuffer (simple-framebuffer)");
    }

    [Test]
    public async Task An_efifb_console_without_any_drm_device_is_reported_as_firmware_framebuffer_only()
    {
        using var sys = new SysfsTree().File("class/graphics/fb0/name", "EFI VGA\n");

        var state = await ListAsync(sys);

        state.Cards.Should().BeEmpty();
        state.FirmwareFramebufferOnly.Should().BeTrue();
        state.Verdict.Should().Contain("(EFI VGA)");
    }

    [Test]
    public async Task A_native_driver_without_a_connected_connector_fails_listing_the_connectors()
    {
        using var sys = new SysfsTree()
            .Link("class/drm/card0/device/driver", "../../../bus/pci/drivers/bochs-drm")
            .File("class/drm/card0-Virtual-1/status", "disconnected\n")
            .File("class/drm/card0-Virtual-1/modes", string.Empty);

        var state = await ListAsync(sys);

        state.KernelModesettingWorks.Should().BeFalse();
        state.Verdict.Should().Be("KMS FAILED: bochs-drm on card0 is bound but no connector is connected (card0-Virtual-1 disconnected).");
    }

    [Test]
    public async Task The_probe_reads_sysfs_cmdline_and_kernel_log_with_its_fixed_commands()
    {
        var shell = new RecordedShell()
            .Answer(DrmProbe.ListSysfs, "card card0 virtio_gpu\nconnector card0-Virtual-1 connected 1280x800,\nfb virtio_gpudrmfb\n")
            .Answer(KernelCmdlineProbe.ReadCmdline, "ro quiet nomodeset\n")
            .Answer(DrmProbe.FindNomodesetMessages, Sample.Read("drm/dmesg-nomodeset.txt"));

        var state = await new DrmProbe(shell).ReadAsync();

        state.NomodesetOnCmdline.Should().BeTrue();
        state.NomodesetKernelMessages.Should().ContainSingle();
        state.KernelModesettingWorks.Should().BeFalse("nomodeset on the command line fails the check even with a driver bound");
        DrmProbe.ListSysfs.Should().Contain("/sys/class/drm/card*");
    }
}
