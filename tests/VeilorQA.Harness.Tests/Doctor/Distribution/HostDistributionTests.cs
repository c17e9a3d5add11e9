using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor.Distribution;

namespace VeilorQA.Harness.Tests.Doctor.Distribution;

public class HostDistributionTests
{
    [Test]
    public void Debian_12s_os_release_reads_as_a_tested_Debian_release_installing_with_apt()
    {
        var debian = DistributionSamples.Debian12;

        debian.Release.Should().Be(new OsRelease("debian", "12", [], "Debian GNU/Linux 12 (bookworm)") with { IdLike = debian.Release.IdLike });
        debian.Family.Should().Be(DistributionFamily.Debian);
        debian.IsTested.Should().BeTrue();
        debian.Install(RunnerPackages.QemuImg, RunnerPackages.Ovmf).Should().Be("apt-get install -y qemu-utils ovmf");
    }

    [Test]
    public void Fedora_43s_container_os_release_reads_as_a_tested_Fedora_release_installing_with_dnf()
    {
        var fedora = DistributionSamples.Fedora43;

        fedora.Release.Id.Should().Be("fedora");
        fedora.Release.VersionId.Should().Be("43");
        fedora.Release.PrettyName.Should().Be("Fedora Linux 43 (Container Image)");
        fedora.Family.Should().Be(DistributionFamily.Fedora);
        fedora.IsTested.Should().BeTrue();
        fedora.Install(RunnerPackages.QemuImg, RunnerPackages.Ovmf).Should().Be("dnf install -y qemu-img edk2-ovmf");
        fedora.Describe().Should().Be("Fedora Linux 43 (Container Image) (ID=fedora VERSION_ID=43): Fedora packages, dnf");
    }

    [Test]
    public void Ubuntu_is_Debian_family_by_ID_LIKE_but_not_a_tested_release()
    {
        var ubuntu = HostDistribution.Of(DistributionSamples.Release("os-release.ubuntu-24.04"));

        ubuntu.Family.Should().Be(DistributionFamily.Debian);
        ubuntu.IsTested.Should().BeFalse();
        ubuntu.Describe().Should().EndWith("not a tested release (Debian 12, Fedora 43)");
    }

    [Test]
    public void Quoting_and_escapes_of_os_release_values_are_undone()
    {
        var release = OsRelease.Parse("# comment\nID='arch'\nPRETTY_NAME=\"A \\\"quoted\\\" \\$name\"\nVERSION_ID=\n", "inline");

        release.Id.Should().Be("arch");
        release.PrettyName.Should().Be("A \"quoted\" $name");
        HostDistribution.Of(release).Family.Should().Be(DistributionFamily.Other);
    }

    [Test]
    public void An_os_release_without_ID_is_an_error_naming_the_file()
    {
        var act = () => OsRelease.Parse("NAME=Nothing\n", "/tmp/os-release");

        act.Should().Throw<InvalidDataException>().WithMessage("/tmp/os-release: no ID= line*");
    }
}
