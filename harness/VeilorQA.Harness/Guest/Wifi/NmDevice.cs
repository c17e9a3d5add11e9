namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>One row of <c>nmcli -t -f DEVICE,TYPE,STATE,CONNECTION device</c>.</summary>
public sealed record NmDevice(string Device, string Type, string State, string? Connection)
{
    public bool IsWifi => Type == "wifi";
}
