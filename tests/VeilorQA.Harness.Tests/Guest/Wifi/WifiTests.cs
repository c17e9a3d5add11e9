using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Wifi;

namespace VeilorQA.Harness.Tests.Guest.Wifi;

public class WifiTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static RecordedShell Station(params (string Devices, string Show)[] states)
    {
        var shell = new RecordedShell();
        foreach (var (devices, show) in states)
        {
            shell.Answer(WifiProbe.ListDevices, Sample.Read(devices)).Answer(WifiProbe.ShowDevice("wlan0"), Sample.Read(show));
        }

        return shell.Answer(WifiProbe.ListAccessPoints, Sample.Read("nmcli/wifi-list.txt"));
    }

    [Test]
    public void Terse_fields_unescape_colons_in_a_captured_connection_name()
    {
        var fields = NmcliTerse.SplitFields(Sample.Read("nmcli/connection-name-with-colon.txt").TrimEnd('\n'));

        fields.Should().Equal("veilorqa:lab wired", "802-3-ethernet", string.Empty);
    }

    [Test]
    public void Captured_device_listing_without_wifi_parses_and_reports_no_station()
    {
        var devices = WifiProbe.ParseDevices(Sample.Read("nmcli/device-all-unmanaged.txt"));

        devices.Should().HaveCount(7);
        devices.Should().OnlyContain(d => d.State == "unmanaged" && d.Connection == null);
        devices.Should().NotContain(d => d.IsWifi);
    }

    [Test]
    public async Task A_guest_without_a_wifi_device_is_not_connected_and_says_why()
    {
        var shell = new RecordedShell().Answer(WifiProbe.ListDevices, Sample.Read("nmcli/device-all-unmanaged.txt"));

        var state = await new WifiProbe(shell).ReadAsync();

        state.Connected.Should().BeFalse();
        state.ToString().Should().Be("no wifi device known to NetworkManager");
    }

    [Test]
    public void Access_points_keep_escaped_and_empty_ssids()
    {
        WifiProbe.ParseAccessPoints(Sample.Read("nmcli/wifi-list.txt")).Should().Equal(
            new WifiAccessPoint(true, "veilorqa-lab", 100),
            new WifiAccessPoint(false, "Cafe:Guest", 54),
            new WifiAccessPoint(false, string.Empty, 20));
    }

    [Test]
    public void A_managed_state_without_connected_is_not_connected_even_with_an_address()
    {
        var state = WifiProbe.Combine(new NmDevice("eth0", "ethernet", "unmanaged", null), Sample.Read("nmcli/show-eth0-unmanaged.txt"), null, string.Empty);

        state.GeneralStateCode.Should().Be(10);
        state.Ipv4Addresses.Should().Equal("192.0.2.2/24");
        state.Connected.Should().BeFalse();
    }

    [Test]
    public async Task A_connected_station_reports_ssid_and_address()
    {
        var shell = Station(("nmcli/device-wifi-connected.txt", "nmcli/show-wlan0-connected.txt"));

        var state = await new WifiProbe(shell).ReadAsync();

        state.Connected.Should().BeTrue();
        state.Ssid.Should().Be("veilorqa-lab");
        state.Ipv4Addresses.Should().Equal("10.42.0.23/24");
        state.ToString().Should().Be("wlan0: connected to 'veilorqa-lab', IPv4 10.42.0.23/24");
    }

    [Test]
    public async Task Waiting_polls_through_disconnected_and_connecting_until_connected()
    {
        var shell = Station(
            ("nmcli/device-wifi-disconnected.txt", "nmcli/show-wlan0-disconnected.txt"),
            ("nmcli/device-wifi-connecting.txt", "nmcli/show-wlan0-connecting.txt"),
            ("nmcli/device-wifi-connected.txt", "nmcli/show-wlan0-connected.txt"));
        var clock = new SteppingTimeProvider();
        var probe = new WifiProbe(shell, clock);

        var connection = await clock.DriveAsync(probe.WaitForConnectedAsync(TimeSpan.FromSeconds(15), Poll), Poll);

        connection.Polls.Should().Be(3);
        connection.Elapsed.Should().Be(TimeSpan.FromSeconds(1));
        connection.State.Ssid.Should().Be("veilorqa-lab");
    }

    [Test]
    public async Task An_expired_budget_throws_with_the_last_nmcli_state()
    {
        var shell = Station(("nmcli/device-wifi-connecting.txt", "nmcli/show-wlan0-connecting.txt"));
        var clock = new SteppingTimeProvider();
        var probe = new WifiProbe(shell, clock);

        var act = () => clock.DriveAsync(probe.WaitForConnectedAsync(TimeSpan.FromSeconds(2), Poll), Poll);

        var thrown = await act.Should().ThrowAsync<WaitTimeoutException>();
        thrown.Which.Timeout.Should().Be(TimeSpan.FromSeconds(2));
        thrown.Which.WaitedFor.Should().Be("wifi to connect (polled 5×)");
        thrown.Which.LastSeen.Should().Contain("wlan0: connecting (getting IP configuration) to 'veilorqa-lab', no IPv4 address")
            .And.Contain("GENERAL.STATE:70 (connecting (getting IP configuration))");
    }

    [Test]
    public async Task Nmcli_failing_while_networkmanager_restarts_counts_as_not_yet()
    {
        var shell = new RecordedShell()
            .Answer(WifiProbe.ListDevices, string.Empty, exitCode: 8, stderr: "Error: NetworkManager is not running.")
            .Answer(WifiProbe.ListDevices, Sample.Read("nmcli/device-wifi-connected.txt"))
            .Answer(WifiProbe.ShowDevice("wlan0"), Sample.Read("nmcli/show-wlan0-connected.txt"))
            .Answer(WifiProbe.ListAccessPoints, Sample.Read("nmcli/wifi-list.txt"));
        var clock = new SteppingTimeProvider();

        var connection = await clock.DriveAsync(new WifiProbe(shell, clock).WaitForConnectedAsync(TimeSpan.FromSeconds(15), Poll), Poll);

        connection.Polls.Should().Be(2);
    }

    [Test]
    public void The_probe_never_asks_networkmanager_to_rescan()
    {
        WifiProbe.ListAccessPoints.Should().EndWith("--rescan no");
    }
}
