using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install;

namespace VeilorQA.Harness.Tests.Install;

public sealed class DiskBootObservationTests
{
    [TestCase("GNU GRUB  version 2.06-13+deb12u1")]
    [TestCase("  Booting `veilorqa reference 1 (ostree:0)'")]
    [TestCase("[    0.000000] Linux version 6.1.0-50-amd64 (debian-kernel@lists.debian.org)")]
    [TestCase("Please enter passphrase for disk luks-0b6f (luks-0b6f):")]
    [TestCase("Welcome to Debian GNU/Linux 12 (bookworm)!")]
    [TestCase("EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path")]
    public void Lines_only_an_installed_system_prints_count_as_a_boot(string line) =>
        DiskBootObservation.SystemStarted(line).Should().BeTrue();

    [TestCase("BdsDxe: failed to load Boot0001 \"UEFI Misc Device\" from PciRoot(0x0)/Pci(0x3,0x0): Not Found")]
    [TestCase("BdsDxe: No bootable option or device was found.")]
    [TestCase(">>Start PXE over IPv4.")]
    [TestCase("")]
    public void Firmware_lines_are_not_a_boot(string line) =>
        DiskBootObservation.SystemStarted(line).Should().BeFalse();

    [Test]
    public void The_firmwares_nothing_to_boot_is_recognised_and_described()
    {
        DiskBootObservation.NothingToBoot("BdsDxe: No bootable option or device was found.").Should().BeTrue();
        new DiskBootObservation(null, true, TimeSpan.FromSeconds(31), ["BdsDxe: No bootable option or device was found."]).ToString()
            .Should().Contain("found nothing to boot");
        new DiskBootObservation("GNU GRUB  version 2.06", false, TimeSpan.FromSeconds(20), []).Should().Match<DiskBootObservation>(o => o.SystemStartedFromDisk);
        new DiskBootObservation(null, false, TimeSpan.FromSeconds(180), []).ToString().Should().Contain("nothing booted within 180 s").And.Contain("none");
    }
}
