using System.Xml.Linq;
using System.Xml.XPath;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Tests.Machines.Domain;

public class DomainXmlWriterTests
{
    private static readonly RunId Run = new("t0123456789abc");
    private SpecFixtureFiles _files = null!;

    [SetUp]
    public void CreateFiles() => _files = new SpecFixtureFiles();

    [TearDown]
    public void RemoveFiles() => _files.Dispose();

    [Test]
    public void A_secure_boot_spec_uses_the_Microsoft_keys_firmware_with_SMM_and_its_own_NVRAM()
    {
        var xml = Render(Minimal().WithUefi(true, _files.PathOf("VARS.fd")));

        var firmware = FirmwareFinder.ForThisHost.Find(secureBoot: true);
        var loader = xml.XPathSelectElement("/domain/os/loader")!;
        loader.Value.Should().Be(firmware.Executable!.Path);
        ((string?)loader.Attribute("secure")).Should().Be("yes");
        ((string?)loader.Attribute("readonly")).Should().Be("yes");
        ((string?)loader.Attribute("type")).Should().Be("pflash");
        var nvram = xml.XPathSelectElement("/domain/os/nvram")!;
        nvram.Value.Should().Be(_files.PathOf("VARS.fd"));
        ((string?)nvram.Attribute("template")).Should().Be(firmware.NvramTemplate!.Path);
        ((string?)xml.XPathSelectElement("/domain/features/smm")!.Attribute("state")).Should().Be("on");
        xml.XPathSelectElement("/domain/os/type")!.Attribute("machine")!.Value.Should().Be("q35");
    }

    [Test]
    public void A_plain_UEFI_spec_uses_the_plain_firmware_without_SMM()
    {
        var xml = Render(Minimal().WithUefi(false, _files.PathOf("VARS.fd")));

        var firmware = FirmwareFinder.ForThisHost.Find(secureBoot: false);
        xml.XPathSelectElement("/domain/os/loader")!.Value.Should().Be(firmware.Executable!.Path);
        ((string?)xml.XPathSelectElement("/domain/os/loader")!.Attribute("secure")).Should().Be("no");
        ((string?)xml.XPathSelectElement("/domain/os/nvram")!.Attribute("template")).Should().Be(firmware.NvramTemplate!.Path);
        xml.XPathSelectElement("/domain/features/smm").Should().BeNull();
    }

    [Test]
    public void Raw_firmware_leaves_the_format_to_libvirts_default()
    {
        var xml = Render(DomainSpec.For(Run, "vm").WithFirmware(Firmware("raw")));

        xml.XPathSelectElement("/domain/os/loader")!.Attribute("format").Should().BeNull("libvirt 9.0 (Debian 12) has no format attribute on the loader");
        xml.XPathSelectElement("/domain/os/nvram")!.Attribute("format").Should().BeNull();
    }

    [Test]
    public void Qcow2_firmware_as_Fedora_ships_it_names_the_format_of_loader_and_nvram()
    {
        var xml = Render(DomainSpec.For(Run, "vm").WithFirmware(Firmware("qcow2")));

        ((string?)xml.XPathSelectElement("/domain/os/loader")!.Attribute("format")).Should().Be("qcow2");
        ((string?)xml.XPathSelectElement("/domain/os/nvram")!.Attribute("format")).Should().Be("qcow2");
        ((string?)xml.XPathSelectElement("/domain/os/loader")!.Attribute("secure")).Should().Be("yes");
    }

    [TestCase(Accelerator.Tcg, null, "qemu", "custom", "qemu64")]
    [TestCase(Accelerator.Tcg, "max", "qemu", "maximum", null)]
    [TestCase(Accelerator.Kvm, null, "kvm", "host-passthrough", null)]
    public void The_accelerator_picks_the_domain_type_and_CPU(Accelerator accelerator, string? cpuModel, string type, string mode, string? model)
    {
        var xml = Render(Minimal().WithAccelerator(accelerator, cpuModel));

        xml.Root!.Attribute("type")!.Value.Should().Be(type);
        xml.XPathSelectElement("/domain/cpu")!.Attribute("mode")!.Value.Should().Be(mode);
        xml.XPathSelectElement("/domain/cpu/model")?.Value.Should().Be(model);
    }

    [Test]
    public void User_networking_forwards_SSH_from_loopback_and_pins_the_NIC_PCI_address()
    {
        var xml = Render(Minimal().WithUserNetwork(40022, new PortForward(48080, 80)));

        var args = xml.Root!.Element(DomainXmlWriter.Qemu + "commandline")!.Elements(DomainXmlWriter.Qemu + "arg").Select(a => a.Attribute("value")!.Value).ToList();
        args.Should().ContainInOrder("-netdev", "user,id=vqnet0,hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=tcp:127.0.0.1:48080-:80", "-device");
        args.Last().Should().StartWith("virtio-net-pci,netdev=vqnet0,mac=52:54:00:").And.Contain("bus=pcie.0,addr=0x10");
        xml.XPathSelectElements("/domain/devices/interface").Should().BeEmpty();
    }

    [Test]
    public void Disks_boot_in_order_and_the_installer_ISO_is_a_SATA_CD_ROM_after_them()
    {
        var second = _files.Write("oemdrv.img", [0]);
        var xml = Render(Minimal().WithDisk(_files.Overlay).WithDisk(second, DiskFormat.Raw, DiskBus.Sata, readOnly: true, serial: "OEMDRV1").WithInstallerIso(_files.Iso));

        var disks = xml.XPathSelectElements("/domain/devices/disk").ToList();
        disks.Select(d => d.Element("target")!.Attribute("dev")!.Value).Should().Equal("vda", "sda", "sdb");
        disks.Select(d => d.Element("boot")!.Attribute("order")!.Value).Should().Equal("1", "2", "3");
        disks[0].Element("driver")!.Attribute("type")!.Value.Should().Be("qcow2");
        disks[1].Element("readonly").Should().NotBeNull();
        disks[1].Element("serial")!.Value.Should().Be("OEMDRV1");
        disks[2].Attribute("device")!.Value.Should().Be("cdrom");
        disks[2].Element("target")!.Attribute("bus")!.Value.Should().Be("sata");
        disks[2].Element("source")!.Attribute("file")!.Value.Should().Be(_files.Iso);
    }

    [Test]
    public void Direct_kernel_boot_sets_kernel_initrd_and_command_line_and_drops_disk_boot_order()
    {
        var xml = Render(Minimal().WithDisk(_files.Overlay).WithKernelBoot(_files.Kernel, _files.Initrd, "console=ttyS0 quiet"));

        xml.XPathSelectElement("/domain/os/kernel")!.Value.Should().Be(_files.Kernel);
        xml.XPathSelectElement("/domain/os/initrd")!.Value.Should().Be(_files.Initrd);
        xml.XPathSelectElement("/domain/os/cmdline")!.Value.Should().Be("console=ttyS0 quiet");
        xml.XPathSelectElement("/domain/devices/disk/boot").Should().BeNull();
    }

    [Test]
    public void Devices_cover_TPM_share_channels_serial_USB_and_S3()
    {
        var xml = Render(Minimal()
            .WithShare(_files.Share, "veilorqa-logs")
            .WithChannel(ChannelSpec.AnacondaLog, ChannelBackend.File, _files.PathOf("anaconda.log"))
            .WithChannel("org.veilorqa.control.0", ChannelBackend.UnixSocket, _files.PathOf("control.sock"))
            .WithSerialConsole(_files.PathOf("serial.sock"), _files.PathOf("serial.log")));

        var backend = xml.XPathSelectElement("/domain/devices/tpm[@model='tpm-crb']/backend")!;
        backend.Attribute("type")!.Value.Should().Be("emulator");
        backend.Attribute("version")!.Value.Should().Be("2.0");
        backend.Attribute("persistent_state")!.Value.Should().Be("yes");
        var share = xml.XPathSelectElement("/domain/devices/filesystem")!;
        share.Attribute("accessmode")!.Value.Should().Be("mapped");
        share.Element("target")!.Attribute("dir")!.Value.Should().Be("veilorqa-logs");
        xml.XPathSelectElement($"/domain/devices/channel[@type='file']/target[@name='{ChannelSpec.AnacondaLog}']").Should().NotBeNull();
        xml.XPathSelectElement("/domain/devices/channel[@type='unix']/source")!.Attribute("path")!.Value.Should().Be(_files.PathOf("control.sock"));
        var serial = xml.XPathSelectElement("/domain/devices/serial[@type='unix']")!;
        serial.Element("source")!.Attribute("mode")!.Value.Should().Be("bind");
        serial.Element("log")!.Attribute("file")!.Value.Should().Be(_files.PathOf("serial.log"));
        serial.Element("log")!.Attribute("append")!.Value.Should().Be("off");
        xml.XPathSelectElement("/domain/devices/controller[@type='usb']")!.Attribute("model")!.Value.Should().Be("qemu-xhci");
        xml.XPathSelectElement("/domain/pm/suspend-to-mem")!.Attribute("enabled")!.Value.Should().Be("yes");
    }

    [TestCase(VideoModel.Virtio, "virtio")]
    [TestCase(VideoModel.Bochs, "bochs")]
    [TestCase(VideoModel.Qxl, "qxl")]
    [TestCase(VideoModel.None, "none")]
    public void The_video_model_is_rendered(VideoModel model, string type) =>
        Render(Minimal().WithVideo(model)).XPathSelectElement("/domain/devices/video/model")!.Attribute("type")!.Value.Should().Be(type);

    [Test]
    public void SMBIOS_OEM_strings_and_system_fields_reach_sysinfo()
    {
        var xml = Render(Minimal().WithOemString("veilorqa:fault=nomodeset").WithSystemInfo("sku", "fault-nomodeset"));

        xml.XPathSelectElement("/domain/os/smbios")!.Attribute("mode")!.Value.Should().Be("sysinfo");
        xml.XPathSelectElements("/domain/sysinfo[@type='smbios']/oemStrings/entry").Select(e => e.Value).Should().Equal("veilorqa:fault=nomodeset");
        xml.XPathSelectElement("/domain/sysinfo/system/entry[@name='sku']")!.Value.Should().Be("fault-nomodeset");
        // libvirt 9.0 drops a type 1 table holding only sku.
        xml.XPathSelectElement("/domain/sysinfo/system/entry[@name='manufacturer']").Should().NotBeNull();
    }

    [Test]
    public void The_name_UUID_and_metadata_carry_the_run()
    {
        var uuid = Guid.NewGuid();
        var xml = Render(Minimal().WithUuid(uuid));

        xml.XPathSelectElement("/domain/name")!.Value.Should().Be("veilorqa-t0123456789abc-vm");
        xml.XPathSelectElement("/domain/uuid")!.Value.Should().Be(uuid.ToString());
        xml.Root!.Element("metadata")!.Element(DomainXmlWriter.Metadata + "run")!.Attribute("id")!.Value.Should().Be(Run.Value);
    }

    [Test]
    public async Task Representative_specs_pass_virt_xml_validate()
    {
        var specs = new[]
        {
            Minimal(),
            Minimal().WithUefi(false, _files.PathOf("VARS.fd")).WithoutTpm().WithVideo(VideoModel.Bochs).WithUsbController(false).WithSuspendToMem(false),
            Minimal().WithAccelerator(Accelerator.Kvm).WithDisk(_files.Overlay).WithInstallerIso(_files.Iso)
                .WithDisk(_files.Write("oem.img", [0]), DiskFormat.Raw, DiskBus.Usb, readOnly: true)
                .WithChannel(ChannelSpec.AnacondaLog, ChannelBackend.File, _files.PathOf("anaconda.log"))
                .WithSerialConsole(_files.PathOf("serial.sock"), _files.PathOf("serial.log"))
                .WithShare(_files.Share, "veilorqa-logs", ShareAccessMode.Passthrough, readOnly: true)
                .WithUserNetwork(40022).WithVideo(VideoModel.Qxl)
                .WithOemString("veilorqa:fault=none").WithSystemInfo("sku", "x").WithSystemInfo("family", "veilorqa"),
            Minimal().WithAccelerator(Accelerator.Tcg, "max").WithKernelBoot(_files.Kernel, null, "console=ttyS0").WithVideo(VideoModel.None)
                .WithChannel("org.veilorqa.control.0", ChannelBackend.UnixSocket, _files.PathOf("c.sock")),
        };

        for (var i = 0; i < specs.Length; i++)
        {
            var path = _files.PathOf($"domain{i}.xml");
            await File.WriteAllTextAsync(path, DomainXmlWriter.Write(specs[i].Build()));
            var result = await ExternalCommand.RunAsync("virt-xml-validate", [path, "domain"], TimeSpan.FromSeconds(60));
            result.ExitCode.Should().Be(0, $"spec {i} must validate: {result.StandardError}{result.StandardOutput}");
        }
    }

    private FirmwareSpec Firmware(string format) =>
        new(true, _files.Write("OVMF_CODE_4M.secboot." + format, [1]), _files.Write("OVMF_VARS_4M.secboot." + format, [2]), _files.PathOf("VARS.fd")) { Format = format };

    private DomainSpecBuilder Minimal() => DomainSpec.For(Run, "vm").WithUefi(true, _files.PathOf("VARS.fd"));

    private static XDocument Render(DomainSpecBuilder builder) => DomainXmlWriter.ToXml(builder.Build());
}
