using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;

namespace VeilorQA.Harness.Tests.Matrix.Suites;

public class HealthAndFirewallSettingsTests
{
    // Replaces the bare "  kms:" suite of valid-minimal.yml (line 39) with one carrying settings from line 40 on.
    private static TestMatrix Parse(string settings) =>
        TestMatrixLoader.Parse(
            File.ReadAllText(MatrixSamples.Path("valid-minimal.yml")).Replace("  kms:\n", "  kms:\n    settings:\n" + settings, StringComparison.Ordinal),
            "m.yml",
            MatrixSamples.Directory);

    [Test]
    public void Waived_units_and_the_tailscale_zone_are_read_with_their_reasons()
    {
        var settings = Parse(
            "      tailscale_zone: trusted\n" +
            "      waive_units:\n" +
            "        systemd-networkd-wait-online.service: \"no wired link in the lab\"\n").Suite("kms").Settings;

        settings.TailscaleZone.Should().Be("trusted");
        settings.WaivedUnits!.Select(w => (w.Unit, w.Reason)).Should().Equal(("systemd-networkd-wait-online.service", "no wired link in the lab"));
    }

    [Test]
    public void A_waived_unit_without_its_type_is_an_error_at_its_line()
    {
        var act = () => Parse("      waive_units:\n        networkd-wait-online: \"lab\"\n");

        act.Should().Throw<MatrixException>().Which.Message.Should()
            .Be("m.yml:42:9: suites.kms.settings.waive_units.networkd-wait-online: expected a systemd unit name with its type, like foo.service or var-tmp.mount, got 'networkd-wait-online'");
    }

    [Test]
    public void A_zone_name_with_a_space_is_an_error_at_its_value()
    {
        var act = () => Parse("      tailscale_zone: \"my zone\"\n");

        act.Should().Throw<MatrixException>().Which.Message.Should()
            .Be("m.yml:41:23: suites.kms.settings.tailscale_zone: expected a firewalld zone name (letters, digits, '_' and '-', at most 32), got 'my zone'");
    }
}
