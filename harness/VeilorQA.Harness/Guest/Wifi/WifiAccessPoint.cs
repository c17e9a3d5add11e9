namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>One row of <c>nmcli -t -f ACTIVE,SSID,SIGNAL dev wifi list</c>.</summary>
public sealed record WifiAccessPoint(bool Active, string Ssid, int? Signal);
