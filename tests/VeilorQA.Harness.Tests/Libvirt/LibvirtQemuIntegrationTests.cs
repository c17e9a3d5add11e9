using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Libvirt.Imaging;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>The bindings against the real libvirtd + QEMU (TCG): a diskless guest sitting in its BIOS is enough.</summary>
[TestFixture]
[Category("Integration")]
public sealed class LibvirtQemuIntegrationTests
{
    private LibvirtConnection _connection = null!;
    private LibvirtDomain _domain = null!;

    [OneTimeSetUp]
    public void StartDisklessGuest()
    {
        _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        _domain = _connection.CreateTransient($"""
            <domain type='qemu'>
              <name>{RunId.Current.Name("bindings-" + Guid.NewGuid().ToString("N")[..6])}</name>
              <memory unit='MiB'>64</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <features><acpi/></features>
              <pm><suspend-to-mem enabled='yes'/></pm>
              <devices>
                <controller type='usb' model='qemu-xhci'/>
                <video><model type='bochs'/></video>
                <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>
              </devices>
            </domain>
            """);
    }

    [OneTimeTearDown]
    public void DestroyGuest()
    {
        var name = _domain.Name;
        if (_domain.IsActive)
        {
            _domain.Destroy();
        }

        _domain.Dispose();
        _connection.TryLookup(name).Should().BeNull("a transient domain leaves nothing behind");
        LibvirtHostPaths.DeleteDomainFiles(name, null);
        _connection.Dispose();
    }

    [Test]
    public void QMP_commands_reach_qemu_and_return_its_json()
    {
        var reply = _domain.QemuMonitorCommand("""{"execute":"query-status"}""");

        reply.Should().Contain("\"status\":\"running\"");
    }

    [Test]
    public void A_QMP_error_reply_becomes_an_exception_with_qemus_error_class()
    {
        var act = () => _domain.QemuMonitorCommand("""{"execute":"veilorqa-no-such-command"}""");

        var error = act.Should().Throw<QmpCommandException>().Which;
        error.ErrorClass.Should().Be("CommandNotFound");
        error.Description.Should().Contain("veilorqa-no-such-command");
    }

    [Test]
    public void QEMU_screenshots_come_back_as_png_or_portable_pixmap_with_matching_bytes()
    {
        // libvirt 9.0 asks QEMU 7.2 for PNG; older pairs give PPM (P6).
        var shot = _domain.Screenshot();

        var pngMagic = shot.Data.AsSpan(0, 4).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        var ppmMagic = shot.Data[0] == 'P' && shot.Data[1] == '6';
        (shot.MimeType == "image/png" ? pngMagic : shot.MimeType == "image/x-portable-pixmap" && ppmMagic)
            .Should().BeTrue($"the bytes should match MIME type {shot.MimeType}");
    }

    [Test]
    public void QEMUs_own_ppm_screendump_decodes_to_the_size_of_libvirts_screenshot()
    {
        var path = Path.Combine(Path.GetTempPath(), RunId.Current.Name("screendump.ppm"));
        try
        {
            // The firmware may switch video mode between two captures (seen: 640 -> 1280 wide), so
            // compare a libvirt screenshot taken between two QEMU dumps of the same size.
            (RgbImage Dump, byte[] Png)? stable = null;
            for (var attempt = 0; attempt < 10 && stable is null; attempt++)
            {
                var before = Dump(path);
                var png = ScreenshotPng.From(_domain.Screenshot());
                var after = Dump(path);
                if (before.Width == after.Width && before.Height == after.Height)
                {
                    stable = (after, png);
                }
                else
                {
                    Thread.Sleep(500);
                }
            }

            stable.Should().NotBeNull("the display should settle on one mode within 10 tries");
            var (fromQemu, shot) = stable!.Value;
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(shot.AsSpan(16)).Should().Be(fromQemu.Width);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(shot.AsSpan(20)).Should().Be(fromQemu.Height);
            fromQemu.Width.Should().BeGreaterThan(100);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_usb_keyboard_can_be_hot_plugged_and_unplugged_live()
    {
        const string Keyboard = "<input type='keyboard' bus='usb'><alias name='ua-veilorqa-kbd'/></input>";

        _domain.AttachDevice(Keyboard);
        _domain.GetXml().Should().Contain("ua-veilorqa-kbd");
        QemuUsbDevices().Should().Contain("ua-veilorqa-kbd");

        _domain.DetachDevice(Keyboard);
        _domain.GetXml().Should().NotContain("ua-veilorqa-kbd");
    }

    [Test]
    public void Keys_are_accepted_by_a_running_qemu_guest() =>
        _domain.Invoking(d => d.SendKeys([29, 56, 111])).Should().NotThrow();

    [Test]
    public async Task Pausing_and_resuming_are_reported_as_lifecycle_events()
    {
        using var events = _connection.SubscribeLifecycle(_domain.Name);

        _domain.Suspend();
        _domain.GetState().State.Should().Be(DomainState.Paused);
        _domain.Resume();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await events.Events.ReadAsync(timeout.Token)).Kind.Should().Be(DomainLifecycleKind.Suspended);
        (await events.Events.ReadAsync(timeout.Token)).Kind.Should().Be(DomainLifecycleKind.Resumed);
    }

    private string QemuUsbDevices() => _domain.QemuMonitorCommand("""{"execute":"qom-list","arguments":{"path":"/machine/peripheral"}}""");

    private RgbImage Dump(string path)
    {
        _domain.QemuMonitorCommand($$$"""{"execute":"screendump","arguments":{"filename":"{{{path}}}","format":"ppm"}}""");
        return PortablePixmap.Decode(File.ReadAllBytes(path));
    }
}
