namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>A successful wait: the state seen and how long after the wait began it was first seen.</summary>
public sealed record WifiConnection(WifiState State, TimeSpan Elapsed, int Polls);
