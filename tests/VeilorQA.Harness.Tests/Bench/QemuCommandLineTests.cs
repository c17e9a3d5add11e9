using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Bench;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Tests.Bench;

public class QemuCommandLineTests
{
    private string _vm = null!;

    [SetUp]
    public void CreateVmFolder()
    {
        _vm = Directory.CreateTempSubdirectory("veilorqa-bench-test-").FullName;
        // The spec validator reads the qcow2 magic.
        File.WriteAllBytes(Path.Combine(_vm, "disk0.qcow2"), [(byte)'Q', (byte)'F', (byte)'I', 0xfb, 0, 0, 0, 3]);
        Directory.CreateDirectory(Path.Combine(_vm, "share"));
    }

    [TearDown]
    public void RemoveVmFolder() => Directory.Delete(_vm, recursive: true);

    private static string ReferenceLikeXml(string directory) =>
        DomainXmlWriter.Write(DomainSpec.For(new RunId("bench0000test"), "refvm")
            .WithUefi(secureBoot: true, Path.Combine(directory, "VARS.fd"))
            .WithSerialConsole(Path.Combine(directory, "serial.sock"), Path.Combine(directory, "serial.log"))
            .WithMemory(2048)
            .WithVCpus(2)
            .WithTpm()
            .WithDisk(Path.Combine(directory, "disk0.qcow2"))
            .WithShare(Path.Combine(directory, "share"), "veilorqa-logs")
            .WithUsbController(true)
            .WithSuspendToMem(true)
            .WithVideo(VideoModel.Virtio)
            .WithUserNetwork(2222)
            .WithSystemInfo("sku", "veilorqa,wifi-no-reconnect")
            .Build());

    [Test]
    public void The_bare_command_has_the_same_firmware_disk_devices_smbios_and_ssh_forward_as_the_domain()
    {
        var paths = new BareMachinePaths("/tmp/bare");
        var args = QemuCommandLine.For(ReferenceLikeXml(_vm), paths);
        var line = string.Join(' ', args);

        line.Should().Contain("-machine q35,smm=on").And.Contain("-accel tcg").And.Contain("-m 2048 -smp 2");
        line.Should().Contain("driver=cfi.pflash01,property=secure,value=on");
        line.Should().Contain("if=pflash,format=raw,unit=1,file=/tmp/bare/VARS.fd");
        line.Should().Contain($"file={_vm}/disk0.qcow2,format=qcow2").And.Contain("virtio-blk-pci,drive=drive0,bootindex=1");
        line.Should().Contain("virtio-9p-pci,fsdev=").And.Contain("mount_tag=veilorqa-logs");
        line.Should().Contain("socket,id=serial0,path=/tmp/bare/serial.sock");
        line.Should().Contain("-tpmdev emulator,id=tpm0,chardev=chrtpm").And.Contain("path=/tmp/bare/swtpm.sock");
        line.Should().Contain("sku=veilorqa,,wifi-no-reconnect");
        line.Should().Contain("ICH9-LPC.disable_s3=0").And.Contain("qemu-xhci").And.Contain("virtio-vga");
        line.Should().Contain("hostfwd=tcp:127.0.0.1:2222-:22");
        QemuCommandLine.HasTpm(ReferenceLikeXml(_vm)).Should().BeTrue();
    }

    [Test]
    public void A_device_the_translation_does_not_know_is_an_error_naming_it_rather_than_a_silently_smaller_baseline()
    {
        var xml = ReferenceLikeXml(_vm).Replace("</devices>", "<watchdog model='i6300esb'/></devices>", StringComparison.Ordinal);

        var act = () => QemuCommandLine.For(xml, new BareMachinePaths("/tmp/bare"));

        act.Should().Throw<NotSupportedException>().WithMessage("*<watchdog>*");
    }

    [Test]
    public void The_printed_command_quotes_words_a_shell_would_split()
    {
        QemuCommandLine.Describe(["-append", "console=ttyS0 quiet"]).Should().Be("qemu-system-x86_64 -append 'console=ttyS0 quiet'");
    }
}
