using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Tests.Machines.Domain;

public class DomainSpecValidationTests
{
    private static readonly RunId Run = new("t0123456789abc");
    private SpecFixtureFiles _files = null!;

    [SetUp]
    public void CreateFiles() => _files = new SpecFixtureFiles();

    [TearDown]
    public void RemoveFiles() => _files.Dispose();

    [Test]
    public void A_missing_OVMF_file_names_the_firmware_field_and_the_path()
    {
        var act = () => Valid()
            .WithFirmware(new FirmwareSpec(true, "/nonexistent/OVMF/OVMF_CODE_4M.ms.fd", "/nonexistent/OVMF/OVMF_VARS_4M.ms.fd", _files.PathOf("VARS.fd")))
            .Build();

        act.Should().Throw<InvalidDomainSpecException>()
            .Where(e => e.Field == "Firmware.CodePath")
            .WithMessage("*/nonexistent/OVMF/OVMF_CODE_4M.ms.fd*does not exist*");
    }

    [Test]
    public void A_spec_without_firmware_names_the_call_that_sets_it()
    {
        var act = () => DomainSpec.For(Run, "vm").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Firmware").WithMessage("*WithUefi(secureBoot, nvramPath)*");
    }

    [Test]
    public void An_ISO_path_that_does_not_exist_names_InstallerIso()
    {
        var act = () => Valid().WithInstallerIso("/nonexistent/veilor.iso").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "InstallerIso").WithMessage("*'/nonexistent/veilor.iso' does not exist*");
    }

    [Test]
    public void A_file_that_is_not_an_ISO_image_is_refused_as_installer()
    {
        var act = () => Valid().WithInstallerIso(_files.Write("not-an.iso", new byte[40000])).Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "InstallerIso").WithMessage("*not an ISO 9660 image*");
    }

    [TestCase(64)]
    [TestCase(1 << 20)]
    public void Memory_out_of_range_names_MemoryMiB(int mebibytes)
    {
        var act = () => Valid().WithMemory(mebibytes).Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "MemoryMiB").WithMessage($"*{mebibytes} MiB is out of range*");
    }

    [Test]
    public void A_spec_without_firmware_is_refused_naming_the_call_that_sets_it()
    {
        var act = () => DomainSpec.For(Run, "vm").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Firmware").WithMessage("*call WithUefi(secureBoot, nvramPath) or WithFirmware(...)*");
    }

    [Test]
    public void A_raw_file_declared_as_qcow2_names_the_disk()
    {
        var act = () => Valid().WithDisk(_files.Write("raw.img", new byte[512])).Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Disks[0].Path").WithMessage("*not a qcow2 image*");
    }

    [Test]
    public void A_serial_socket_path_beyond_the_unix_limit_is_refused()
    {
        var deep = Path.Combine(_files.Directory, new string('d', 100));
        Directory.CreateDirectory(deep);

        var act = () => Valid().WithSerialConsole(Path.Combine(deep, "serial.sock"), Path.Combine(deep, "serial.log")).Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "SerialConsole.SocketPath").WithMessage("*107-byte*");
    }

    [Test]
    public void Two_shares_with_one_tag_are_refused()
    {
        var act = () => Valid().WithShare(_files.Share, "logs").WithShare(_files.Share, "logs").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Shares");
    }

    [Test]
    public void A_missing_kernel_for_direct_boot_names_the_field()
    {
        var act = () => Valid().WithKernelBoot("/nonexistent/vmlinuz", null, "console=ttyS0").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "KernelBoot.KernelPath");
    }

    [Test]
    public void An_unknown_SMBIOS_system_field_is_refused()
    {
        var act = () => Valid().WithSystemInfo("colour", "blue").Build();

        act.Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Smbios.System[colour]");
    }

    [Test]
    public void A_name_outside_the_run_is_refused_by_Validate()
    {
        var spec = Valid().Build() with { Name = "someone-elses-vm" };

        spec.Invoking(s => s.Validate()).Should().Throw<InvalidDomainSpecException>().Where(e => e.Field == "Name");
    }

    [Test]
    public void Each_With_returns_a_new_builder_and_leaves_the_old_one_unchanged()
    {
        var small = Valid().WithMemory(512);
        var large = small.WithMemory(4096);

        small.Build().MemoryMiB.Should().Be(512);
        large.Build().MemoryMiB.Should().Be(4096);
    }

    [Test]
    public void User_networking_without_a_port_allocates_a_free_loopback_port()
    {
        var spec = Valid().WithUserNetwork().Build();

        spec.SshHostPort.Should().BeInRange(1, 65535);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, spec.SshHostPort!.Value);
        listener.Invoking(l => l.Start()).Should().NotThrow();
    }

    private DomainSpecBuilder Valid() => DomainSpec.For(Run, "vm").WithUefi(true, _files.PathOf("VARS.fd"));
}
