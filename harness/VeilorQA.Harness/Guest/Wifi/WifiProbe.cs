using System.Globalization;
using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>NetworkManager's wifi state through nmcli, and a wait for reconnection that only reads (never helps the station).</summary>
public sealed class WifiProbe
{
    public const string ListDevices = "nmcli -t -f DEVICE,TYPE,STATE,CONNECTION device";

    /// <summary><c>--rescan no</c>: a scan triggered by the probe would help the station reconnect, which is the behaviour under test.</summary>
    public const string ListAccessPoints = "nmcli -t -f ACTIVE,SSID,SIGNAL dev wifi list --rescan no";

    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly IShell _shell;
    private readonly TimeProvider _time;
    private readonly string? _interfaceName;

    /// <param name="shell">The channel to the station.</param>
    /// <param name="timeProvider">Clock for waits; tests pass a fake one.</param>
    /// <param name="interfaceName">The station interface; null picks NetworkManager's first wifi device.</param>
    public WifiProbe(IShell shell, TimeProvider? timeProvider = null, string? interfaceName = null)
    {
        this._shell = shell;
        _time = timeProvider ?? TimeProvider.System;
        this._interfaceName = interfaceName;
    }

    /// <summary>Everything nmcli knows about <paramref name="device"/> and the networks in range (evidence for a failure).</summary>
    public static string ShowEverything(string device) =>
        $"{ListDevices}; echo; nmcli -f GENERAL,IP4,DHCP4 device show {ProbeShell.Quote(device)}; echo; {ListAccessPoints}";

    public static string ShowDevice(string device) => $"nmcli -t -f GENERAL.STATE,IP4.ADDRESS device show {ProbeShell.Quote(device)}";

    public async Task<IReadOnlyList<NmDevice>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        ParseDevices(await _shell.OutputOfAsync(ListDevices, cancellationToken));

    public async Task<IReadOnlyList<WifiAccessPoint>> ListAccessPointsAsync(CancellationToken cancellationToken = default) =>
        ParseAccessPoints(await _shell.OutputOfAsync(ListAccessPoints, cancellationToken));

    public async Task<WifiState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var devicesOutput = await _shell.OutputOfAsync(ListDevices, cancellationToken);
        var devices = ParseDevices(devicesOutput);
        var wifi = devices.FirstOrDefault(d => _interfaceName is null ? d.IsWifi : d.Device == _interfaceName);
        if (wifi is null)
        {
            return new WifiState(null, null, null, null, null, [], devicesOutput);
        }

        var showOutput = await _shell.OutputOfAsync(ShowDevice(wifi.Device), cancellationToken);
        var apOutput = await _shell.OutputOfAsync(ListAccessPoints, cancellationToken);
        var active = ParseAccessPoints(apOutput).FirstOrDefault(a => a.Active);
        var transcript = new StringBuilder()
            .AppendLine($"$ {ListDevices}").Append(devicesOutput)
            .AppendLine($"$ {ShowDevice(wifi.Device)}").Append(showOutput)
            .AppendLine($"$ {ListAccessPoints}").Append(apOutput).ToString();
        return Combine(wifi, showOutput, active, transcript);
    }

    /// <summary>Polls until the station is connected with an address; on expiry throws <see cref="WaitTimeoutException"/> carrying the last nmcli state.</summary>
    public Task<WifiConnection> WaitForConnectedAsync(TimeSpan budget, CancellationToken cancellationToken = default) =>
        WaitForConnectedAsync(budget, DefaultPollInterval, cancellationToken);

    /// <summary>As <see cref="WaitForConnectedAsync(TimeSpan, CancellationToken)"/> with a chosen poll interval.</summary>
    /// <remarks>
    /// Only reads. A read the shell could not deliver is "not yet", not a verdict: nmcli fails while NetworkManager restarts
    /// its client after resume, and right after a resume a loaded TCG guest may not open a channel in time or drop the
    /// connection.
    /// </remarks>
    public async Task<WifiConnection> WaitForConnectedAsync(TimeSpan budget, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        var polled = await new Poll("wifi to connect", budget).Every(pollInterval).On(_time)
            .RetryingOn<Exception>(static e => e is not OperationCanceledException)
            .UntilAsync(async ct =>
            {
                var state = await ReadAsync(ct);
                return state.Connected ? PollOutcome<WifiState>.Done(state) : PollOutcome<WifiState>.NotYet($"{state}\n{state.NmcliOutput}");
            }, cancellationToken);
        return new WifiConnection(polled.Value, polled.Elapsed, polled.Polls);
    }

    /// <summary>One ping to <paramref name="address"/> out of <paramref name="device"/>.</summary>
    public static string Ping(string device, string address) => $"ping -n -c 1 -W 2 -I {ProbeShell.Quote(device)} {ProbeShell.Quote(address)}";

    /// <summary>Pings <paramref name="address"/> until it answers or <paramref name="budget"/> is spent (at least once).</summary>
    /// <returns>The answering ping, or the last one that got no answer: the caller judges it.</returns>
    public async Task<ShellResult> WaitForTrafficAsync(string device, string address, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ShellResult? last = null;
        try
        {
            return (await new Poll($"{address} to answer a ping over {device}", budget).On(_time)
                .UntilAsync(async ct =>
                {
                    last = await _shell.ResultOfAsync(Ping(device, address), ct);
                    return last.Succeeded ? PollOutcome<ShellResult>.Done(last) : PollOutcome<ShellResult>.NotYet(last.StandardOutput + last.StandardError);
                }, cancellationToken)).Value;
        }
        catch (WaitTimeoutException) when (last is not null)
        {
            return last;
        }
    }

    public static IReadOnlyList<NmDevice> ParseDevices(string output) =>
        NmcliTerse.ParseRows(output, 4, ListDevices)
            .Select(f => new NmDevice(f[0], f[1], f[2], f[3].Length == 0 ? null : f[3]))
            .ToList();

    public static IReadOnlyList<WifiAccessPoint> ParseAccessPoints(string output) =>
        NmcliTerse.ParseRows(output, 3, ListAccessPoints)
            .Select(f => new WifiAccessPoint(f[0] == "yes", f[1], int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null))
            .ToList();

    public static WifiState Combine(NmDevice device, string showOutput, WifiAccessPoint? active, string transcript)
    {
        int? code = null;
        var addresses = new List<string>();
        foreach (var (key, value) in NmcliTerse.ParseShow(showOutput, "nmcli device show"))
        {
            if (key == "GENERAL.STATE")
            {
                // "100 (connected)"
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                code = int.TryParse(space < 0 ? value : value[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : null;
            }
            else if (key.StartsWith("IP4.ADDRESS", StringComparison.Ordinal) && value.Length > 0)
            {
                addresses.Add(value);
            }
        }

        return new WifiState(device.Device, device.State, code, device.Connection, active?.Ssid, addresses, transcript);
    }
}
