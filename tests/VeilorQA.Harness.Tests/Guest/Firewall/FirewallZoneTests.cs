using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Firewall;

namespace VeilorQA.Harness.Tests.Guest.Firewall;

public class FirewallZoneTests
{
    [Test]
    public void The_trusted_zone_with_tailscale0_accepts_everything_and_is_not_the_default()
    {
        var zone = FirewallZone.Parse(Sample.Read("firewall/info-zone-trusted-tailscale0.txt"));

        zone.Name.Should().Be("trusted");
        zone.IsActive.Should().BeTrue();
        zone.IsDefault.Should().BeFalse();
        zone.Target.Should().Be("ACCEPT");
        zone.AcceptsEverything.Should().BeTrue();
        zone.Interfaces.Should().Equal("tailscale0");
        zone.Services.Should().BeEmpty();
        zone.Forward.Should().BeTrue();
    }

    [Test]
    public void The_veilor_zone_filters_and_lists_its_interfaces_and_services()
    {
        var zone = FirewallZone.Parse(Sample.Read("firewall/info-zone-veilor-default.txt"));

        zone.Name.Should().Be("veilor");
        zone.IsActive.Should().BeTrue();
        zone.Target.Should().Be("default");
        zone.AcceptsEverything.Should().BeFalse();
        zone.OpensEveryPort.Should().BeFalse();
        zone.Interfaces.Should().Equal("enp0s16", "wlan0");
        zone.Services.Should().Equal("dhcpv6-client", "mdns", "ssh");
        zone.Ports.Should().BeEmpty();
        zone.Forward.Should().BeFalse();
    }

    [Test]
    public void A_default_zone_header_is_marked_default()
    {
        var text = Sample.Read("firewall/info-zone-veilor-default.txt").Replace("veilor (active)", "veilor (default, active)", StringComparison.Ordinal);

        var zone = FirewallZone.Parse(text);

        zone.IsDefault.Should().BeTrue();
        zone.IsActive.Should().BeTrue();
    }

    [Test]
    public void Output_without_a_target_line_is_rejected_with_the_command_named()
    {
        var act = () => FirewallZone.Parse("Error: INVALID_ZONE: nosuchzone\n");

        act.Should().Throw<GuestOutputException>().Which.Message.Should().Contain("firewall-cmd --info-zone");
    }
}
