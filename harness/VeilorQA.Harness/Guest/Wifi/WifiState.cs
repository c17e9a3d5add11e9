namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>The station's view: which wifi device, its NetworkManager state, the SSID it is on and its IPv4 addresses.</summary>
public sealed record WifiState(
    string? Device,
    string? DeviceState,
    int? GeneralStateCode,
    string? Connection,
    string? Ssid,
    IReadOnlyList<string> Ipv4Addresses,
    string NmcliOutput)
{
    /// <summary>NM_DEVICE_STATE_ACTIVATED is 100; "connected" without an address is not usable.</summary>
    public bool Connected => (GeneralStateCode == 100 || DeviceState == "connected") && Ipv4Addresses.Count > 0;

    public override string ToString() => Device is null
        ? "no wifi device known to NetworkManager"
        : $"{Device}: {DeviceState ?? "?"}" + (Ssid is null ? string.Empty : $" to '{Ssid}'")
          + (Ipv4Addresses.Count == 0 ? ", no IPv4 address" : $", IPv4 {string.Join(", ", Ipv4Addresses)}");
}
