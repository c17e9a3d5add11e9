using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Guest.Wifi;

namespace VeilorQA.Harness.Tests.Guest.Wifi;

/// <summary>
/// The suspend-wifi suite's readings. <c>journal/suspend-wifi-resume.jsonl</c> is captured: the reference
/// guest (Debian 12, systemd 252, NetworkManager 1.42) under libvirt/TCG, one <c>systemctl suspend</c> +
/// PM wakeup cycle, <c>journalctl -o json --after-cursor=…</c> filtered to the lines the suite reads.
/// </summary>
public class WifiResumeTests
{
    // Captured on the reference guest: `nmcli -t -f IP4.GATEWAY,DHCP4.OPTION device show wlan0` of a never-default
    // station (no gateway) leased by dnsmasq in the AP's namespace; trimmed to the options that matter plus two others.
    private const string NeverDefaultStation =
        "IP4.GATEWAY:\n" +
        "DHCP4.OPTION[1]:broadcast_address = 10.99.0.255\n" +
        "DHCP4.OPTION[4]:dhcp_server_identifier = 10.99.0.1\n" +
        "DHCP4.OPTION[7]:ip_address = 10.99.0.18\n" +
        "DHCP4.OPTION[21]:requested_routers = 1\n" +
        "DHCP4.OPTION[26]:routers = 10.99.0.1\n" +
        "DHCP4.OPTION[27]:subnet_mask = 255.255.255.0\n";

    private static IReadOnlyList<JournalEntry> Resume() => JournalParser.ParseJsonLines(Sample.Read("journal/suspend-wifi-resume.jsonl"));

    [Test]
    public void A_never_default_station_finds_the_AP_through_the_DHCP_routers_option()
    {
        WifiAccessPointAddress.Parse(NeverDefaultStation).Should().Be("10.99.0.1");
    }

    [Test]
    public void A_gateway_wins_over_the_DHCP_options()
    {
        WifiAccessPointAddress.Parse("IP4.GATEWAY:192.168.7.1\nDHCP4.OPTION[1]:routers = 192.168.7.254\n").Should().Be("192.168.7.1");
    }

    [Test]
    public void Without_routers_the_DHCP_server_is_the_AP()
    {
        WifiAccessPointAddress.Parse("IP4.GATEWAY:\nDHCP4.OPTION[4]:dhcp_server_identifier = 10.99.0.1\n").Should().Be("10.99.0.1");
    }

    [Test]
    public void A_station_without_a_lease_has_no_AP_address()
    {
        WifiAccessPointAddress.Parse("IP4.GATEWAY:\n").Should().BeNull();
    }

    [Test]
    public void The_command_asks_only_for_the_gateway_and_the_DHCP_options_of_a_quoted_device()
    {
        WifiAccessPointAddress.Show("wlan0").Should().Be("nmcli -t -f IP4.GATEWAY,DHCP4.OPTION device show 'wlan0'");
    }

    [Test]
    public void NetworkManager_activation_of_the_wifi_device_is_found_and_the_wired_one_ignored()
    {
        var activation = NetworkManagerJournal.FirstActivation(Resume(), "wlan0");

        activation.Should().NotBeNull();
        activation!.Message.Should().Contain("device (wlan0): Activation: successful");
        NetworkManagerJournal.FirstActivation(Resume(), "wlan1").Should().BeNull();
    }

    [Test]
    public void The_captured_cycle_times_add_up_on_the_guests_clock()
    {
        var entries = Resume();
        var markers = SuspendResumeMarkers.From(entries);
        var requested = JournalClock.SourceTime(entries.Single(e => e.Identifier == "veilorqa-qa"));
        var sleeping = JournalClock.SourceTime(markers.SleepStarts.Single());
        var returned = JournalClock.SourceTime(markers.SleepStops.Single());
        var activated = JournalClock.SourceTime(NetworkManagerJournal.FirstActivation(entries, "wlan0")!);

        markers.Resumed.Should().BeTrue();
        (sleeping - requested).TotalSeconds.Should().BeApproximately(9.53, 0.01);
        (markers.KernelExits.Single().Timestamp - sleeping).TotalSeconds.Should().BeApproximately(14.04, 0.01);
        (activated - returned).TotalSeconds.Should().BeApproximately(13.12, 0.01);
    }

    [Test]
    public void The_reconnect_time_is_networkmanagers_activation_after_systemds_return_from_sleep()
    {
        var resumedAt = DateTimeOffset.UnixEpoch.AddTicks(1795659383627293L * 10);

        var (took, how) = NetworkManagerJournal.ReconnectTime(Resume(), "wlan0", resumedAt, resumedAt.AddMinutes(1));

        took.Should().Be(TimeSpan.FromTicks((1795659396748124L - 1795659383627293L) * 10));
        how.Should().StartWith("NetworkManager: ").And.Contain("device (wlan0): Activation: successful");
    }

    [Test]
    public void Without_an_activation_in_the_journal_the_reconnect_time_is_when_the_station_was_first_seen_connected()
    {
        var resumedAt = DateTimeOffset.UnixEpoch.AddTicks(1795659383627293L * 10);

        var (took, how) = NetworkManagerJournal.ReconnectTime(Resume(), "wlan1", resumedAt, resumedAt.AddSeconds(21.5));

        took.Should().Be(TimeSpan.FromSeconds(21.5));
        how.Should().Be("first seen connected then");
    }
}
