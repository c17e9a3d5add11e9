using System.Net;

namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>The address to ping to prove traffic flows over wifi: the gateway, else the DHCP server that leased the station its address.</summary>
/// <remarks>A station configured never-default (the reference guest keeps SSH on the wired link) may have no gateway; the DHCP server is then the AP's side.</remarks>
public static class WifiAccessPointAddress
{
    public static string Show(string device) => $"nmcli -t -f IP4.GATEWAY,DHCP4.OPTION device show {ProbeShell.Quote(device)}";

    /// <summary>The address from <see cref="Show"/>'s output, or null when NetworkManager knows neither a gateway nor a DHCP server.</summary>
    public static string? Parse(string output)
    {
        string? gateway = null;
        string? router = null;
        string? server = null;
        foreach (var (key, value) in NmcliTerse.ParseShow(output, "nmcli device show (IP4.GATEWAY, DHCP4.OPTION)"))
        {
            if (key == "IP4.GATEWAY")
            {
                gateway = Address(value);
            }
            else if (key.StartsWith("DHCP4.OPTION", StringComparison.Ordinal))
            {
                // "routers = 10.99.0.1" / "dhcp_server_identifier = 10.99.0.1"
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var name = value[..eq].Trim();
                var option = value[(eq + 1)..].Trim();
                if (name == "routers")
                {
                    router ??= Address(option.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty);
                }
                else if (name == "dhcp_server_identifier")
                {
                    server ??= Address(option);
                }
            }
        }

        return gateway ?? router ?? server;
    }

    private static string? Address(string value) =>
        IPAddress.TryParse(value.Trim(), out var address) && !address.Equals(IPAddress.Any) ? address.ToString() : null;
}
