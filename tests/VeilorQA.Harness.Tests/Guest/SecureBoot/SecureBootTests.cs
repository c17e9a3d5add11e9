using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.SecureBoot;

namespace VeilorQA.Harness.Tests.Guest.SecureBoot;

public class SecureBootTests
{
    [Test]
    public void The_efivar_value_byte_follows_four_attribute_bytes()
    {
        SecureBootState.ParseEfiVariableByte(Sample.Read("secureboot/od-securebootvar-enabled.txt")).Should().BeTrue();
        SecureBootState.ParseEfiVariableByte(Sample.Read("secureboot/od-setupmodevar-user-mode.txt")).Should().BeFalse();
        SecureBootState.ParseEfiVariableByte("missing\n").Should().BeNull();
    }

    [Test]
    public void A_short_efivar_is_an_error()
    {
        var act = () => SecureBootState.ParseEfiVariableByte(" 06 00 01\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*4 attribute bytes and 1 value byte*");
    }

    [Test]
    public void Mokutil_reports_are_read_including_no_efi()
    {
        SecureBootState.ParseMokutil(Sample.Read("secureboot/mokutil-no-efi.txt")).Should().BeNull();
        SecureBootState.ParseMokutil(Sample.Read("secureboot/mokutil-enabled.txt")).Should().BeTrue();
        SecureBootState.ParseMokutil(Sample.Read("secureboot/mokutil-disabled-setup-mode.txt")).Should().BeFalse();
    }

    [Test]
    public async Task An_efi_guest_with_secure_boot_on_reads_as_enabled_with_the_kernels_line()
    {
        var shell = new RecordedShell()
            .Answer(SecureBootProbe.IsEfi, "efi\n")
            .Answer(SecureBootProbe.ReadSecureBootVariable, Sample.Read("secureboot/od-securebootvar-enabled.txt"))
            .Answer(SecureBootProbe.ReadSetupModeVariable, Sample.Read("secureboot/od-setupmodevar-user-mode.txt"))
            .Answer(SecureBootProbe.Mokutil, Sample.Read("secureboot/mokutil-enabled.txt"))
            .Answer(SecureBootProbe.KernelLine, "[    0.000000] secureboot: Secure boot enabled\n");

        var state = await new SecureBootProbe(shell).ReadAsync();

        state.Enabled.Should().BeTrue();
        state.SetupMode.Should().BeFalse();
        state.ToString().Should().Be("Secure Boot: enabled. Kernel: \"secureboot: Secure boot enabled\".");
    }

    [Test]
    public async Task A_bios_guest_is_reported_as_not_efi()
    {
        var shell = new RecordedShell()
            .Answer(SecureBootProbe.IsEfi, "bios\n")
            .Answer(SecureBootProbe.Mokutil, Sample.Read("secureboot/mokutil-no-efi.txt"))
            .Answer(SecureBootProbe.KernelLine, string.Empty);

        var state = await new SecureBootProbe(shell).ReadAsync();

        state.IsEfi.Should().BeFalse();
        state.Enabled.Should().BeNull();
        state.MokutilReport.Should().Be("EFI variables are not supported on this system");
        state.ToString().Should().Be("Secure Boot: not an EFI boot (no EFI variables), so no Secure Boot.");
    }

    [Test]
    public async Task The_efivar_script_reads_a_real_five_byte_file()
    {
        using var dir = new ScratchDirectory("efivars");
        await File.WriteAllBytesAsync(dir.File("SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"), [0x06, 0, 0, 0, 0x01]);
        var script = SecureBootProbe.ReadSecureBootVariable.Replace(SecureBootProbe.EfiVariables, dir.Path, StringComparison.Ordinal);

        var output = (await new LocalBashShell().RunAsync(script, TimeSpan.FromSeconds(10))).StandardOutput;

        SecureBootState.ParseEfiVariableByte(output).Should().BeTrue();
    }
}
