namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>The wifi network a target is expected to be joined to; its key stays on the machine.</summary>
public sealed record WifiNetwork(string Ssid);
