using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor.Targets;

namespace VeilorQA.Harness.Tests.Doctor.Targets;

public class WifiListingTests
{
    [Test]
    public void The_active_network_and_the_visible_ones_are_read()
    {
        var networks = WifiListing.Parse("no:veilor-guest\nyes:veilor-lab-5g\nno:\n");

        networks.Should().Equal(new WifiListing(false, "veilor-guest"), new WifiListing(true, "veilor-lab-5g"));
    }

    [Test]
    public void Escaped_colons_and_backslashes_stay_in_the_ssid() =>
        WifiListing.Parse("yes:lab\\:5g\\\\x\n").Should().Equal(new WifiListing(true, "lab:5g\\x"));
}
