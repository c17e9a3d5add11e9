using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.TinyGuest;
using VeilorQA.Harness.Tests.Libvirt;

namespace VeilorQA.Harness.Tests.Machines;

/// <summary>One tiny guest booted once under TCG (UEFI Secure Boot, swtpm, 9p, xHCI, S3) proves the VM capabilities; the tests leave it running and usable.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class VirtualMachineIntegrationTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private readonly RunId _run = RunId.Current;
    private LibvirtConnection _connection = null!;
    private VirtualMachine _vm = null!;
    private GuestSerial _serial = null!;
    private string _runDirectory = null!;
    private string _shareDirectory = null!;

    [OneTimeSetUp]
    public async Task BootOnce()
    {
        _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        _runDirectory = HarnessPaths.RunDirectory(_run);
        var (files, spec, share) = await TinyGuestDomain.PrepareAsync(_run, "vmtest", withLogsShare: true);
        _shareDirectory = share!;
        _vm = VirtualMachine.Create(_connection, spec, files);

        var clock = Stopwatch.StartNew();
        await _vm.PowerOnAsync();
        await _vm.WaitForSshBannerAsync(BootTimeout);
        TestContext.Progress.WriteLine($"cold boot to SSH: {clock.Elapsed.TotalSeconds:0.0} s");
        _serial = await GuestSerial.ConnectAsync(_vm);
        (await _serial.RunAsync("echo connected")).Trim().Should().Be("connected");
    }

    [OneTimeTearDown]
    public async Task DisposeAndCheckNothingIsLeft()
    {
        await _serial.DisposeAsync();
        await _vm.DisposeAsync();
        await _vm.DisposeAsync(); // idempotent
        _connection.ListAll().Select(d => d.Name).Should().NotContain(n => n.StartsWith(_run.ResourcePrefix, StringComparison.Ordinal), "every domain of this run was removed");
        Directory.Exists(_vm.Directory).Should().BeFalse("the VM removed its overlay, NVRAM, sockets and logs");
        if (Directory.Exists(_runDirectory) && !Directory.EnumerateFileSystemEntries(_runDirectory).Any())
        {
            Directory.Delete(_runDirectory);
        }

        _connection.Dispose();
    }

    [Test]
    public async Task The_guest_kernel_reports_Secure_Boot_enabled()
    {
        var output = await _serial.RunAsync("dmesg | grep -i 'secure boot'; od -An -t u1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c");

        output.Should().Contain("Secure boot enabled");
        output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Should().Be("1", "the SecureBoot EFI variable's data byte is 1");
    }

    [Test]
    public async Task A_TPM_2_device_is_present_through_tpm_crb()
    {
        var output = await _serial.RunAsync("cat /sys/class/tpm/tpm0/tpm_version_major; basename $(readlink /sys/class/tpm/tpm0/device/driver)");

        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Should().Equal("2", "tpm_crb");
    }

    [Test]
    public async Task A_file_the_guest_writes_to_the_9p_share_is_read_on_the_host()
    {
        var token = Guid.NewGuid().ToString("N");

        // The tiny guest mounts the share at boot.
        await _serial.RunAsync($"echo {token} > {TinyGuestImage.LogsMountPoint}/from-guest.txt; sync");

        (await File.ReadAllTextAsync(Path.Combine(_shareDirectory, "from-guest.txt"))).Trim().Should().Be(token);
    }

    [Test]
    public async Task Serial_output_of_the_guest_is_matched_and_logged()
    {
        var output = await _serial.RunAsync("echo serial-$((6*7))");

        output.Trim().Should().Be("serial-42");
        (await File.ReadAllTextAsync(_vm.SerialLogPath!)).Should().Contain(TinyGuestImage.ReadyMarker).And.Contain("VEILORQA-SECUREBOOT=enabled");
    }

    [Test]
    public async Task Typed_text_arrives_in_the_guest_with_shifted_characters()
    {
        // The console VT gets the keyboard; a reader there echoes each line to the serial port.
        await _serial.RunAsync("(read line < /dev/tty1; echo \"TYPED: $line\" > /dev/ttyS0) & true");

        await _vm.TypeAsync("Hello VeilorQA: 1+1=2!\n");

        await _serial.WaitForAsync(new Regex(Regex.Escape("TYPED: Hello VeilorQA: 1+1=2!")), TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task A_hot_plugged_usb_stick_shows_its_serial_in_the_guest_and_goes_away_on_unplug()
    {
        var handle = await _vm.PlugAsync(new UsbDeviceSpec("usb-storage", "VQ0042"));
        var plugged = await _serial.PollAsync("cat /sys/bus/usb/devices/*/serial 2>/dev/null", s => s.Contains("VQ0042"), TimeSpan.FromSeconds(60));

        await _vm.UnplugAsync(handle);
        var unplugged = await _serial.PollAsync("cat /sys/bus/usb/devices/*/serial 2>/dev/null", s => !s.Contains("VQ0042"), TimeSpan.FromSeconds(60));

        plugged.Should().Contain("VQ0042");
        unplugged.Should().NotContain("VQ0042");
        Directory.EnumerateFiles(_vm.Directory, "ua-*").Should().BeEmpty("the stick's backing file is deleted on unplug");
    }

    [Test]
    public async Task A_hot_plugged_usb_keyboard_is_enumerated_with_qemus_fixed_id()
    {
        var handle = await _vm.PlugAsync(new UsbDeviceSpec("usb-kbd"));
        try
        {
            var ids = await _serial.PollAsync("cat /sys/bus/usb/devices/*/idProduct /sys/bus/usb/devices/*/idVendor 2>/dev/null | tr '\\n' ' '", s => s.Contains("0627"), TimeSpan.FromSeconds(60));
            ids.Should().Contain("0627").And.Contain("0001");
        }
        finally
        {
            await _vm.UnplugAsync(handle);
        }
    }

    [Test]
    public async Task A_screenshot_is_written_as_png()
    {
        var path = Path.Combine(_vm.Directory, "screen.png");

        await _vm.CaptureAsync(path);

        (await File.ReadAllBytesAsync(path))[..4].Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        File.Delete(path);
    }

    [Test]
    public async Task Pausing_and_resuming_are_seen_by_libvirt_and_qmp()
    {
        await _vm.PauseAsync();
        await _vm.WaitForStateAsync(DomainState.Paused, TimeSpan.FromSeconds(10));
        (await _vm.QmpAsync("""{"execute":"query-status"}""")).Should().Contain("\"paused\"");

        await _vm.ResumeAsync();
        await _vm.WaitForStateAsync(DomainState.Running, TimeSpan.FromSeconds(10));
        (await _serial.RunAsync("echo alive")).Trim().Should().Be("alive");
    }

    [Test]
    public async Task The_guest_suspends_to_ram_and_the_harness_wakes_it()
    {
        // 9p does not survive S3 under TCG (FACTS.md; a mount after resume hangs here too): unmount and unload the
        // virtio transport for the sleep, load and mount again after.
        await _serial.RunAsync($"umount {TinyGuestImage.LogsMountPoint}; rmmod 9p 9pnet_virtio");
        await _serial.SendAsync("echo mem > /sys/power/state; echo WOKE-$(dmesg | grep -c 'PM: suspend exi[t]')\n");
        await _vm.WaitForStateAsync(DomainState.PmSuspended, TimeSpan.FromSeconds(60));

        await _vm.WakeAsync();

        await _serial.WaitForAsync(new Regex("WOKE-[1-9]"), TimeSpan.FromSeconds(60));
        await _vm.WaitForStateAsync(DomainState.Running, TimeSpan.FromSeconds(10));
        await _serial.RunAsync($"modprobe 9pnet_virtio; modprobe 9p; mount -t 9p -o trans=virtio,version=9p2000.L {TinyGuestImage.LogsTag} {TinyGuestImage.LogsMountPoint}");
        (await _serial.RunAsync($"grep -c {TinyGuestImage.LogsMountPoint} /proc/mounts")).Trim().Should().Be("1", "the share is back for the other tests");
    }

    [Test]
    public async Task Waiting_for_a_state_that_never_comes_says_what_was_seen()
    {
        var act = () => _vm.WaitForStateAsync(DomainState.Crashed, TimeSpan.FromSeconds(1));

        (await act.Should().ThrowAsync<WaitTimeoutException>()).Which.LastSeen.Should().Contain("Running");
    }
}
