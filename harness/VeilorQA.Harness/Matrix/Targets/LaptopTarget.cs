namespace VeilorQA.Harness.Matrix;

/// <summary>A physical machine (or anything that looks like one) reached only over SSH.</summary>
/// <remarks>
/// Exactly one of <see cref="KeyFile"/> and <see cref="UseAgent"/> authenticates; exactly one of
/// <see cref="HostKeyFingerprint"/> (<c>SHA256:...</c>) and <see cref="HostKeyFingerprintFile"/> pins the host key.
/// </remarks>
public sealed record LaptopTarget(
    string Name,
    string? InstalledArtifact,
    string Host,
    int Port,
    string User,
    string? KeyFile,
    bool UseAgent,
    string? HostKeyFingerprint,
    string? HostKeyFingerprintFile,
    SecretReference? LuksPassphrase,
    LaptopCapabilities DeclaredCapabilities,
    LaptopTimeouts Timeouts,
    LaptopAdapters Adapters) : Target(Name, InstalledArtifact)
{
    public const string KindName = "laptop";

    public override string Kind => KindName;

    public override ValueList<Capability> Capabilities
    {
        get
        {
            var capabilities = new List<Capability>();
            if (Adapters.Console is not null)
                capabilities.Add(Capability.Console);
            if (Adapters.Keyboard is not null)
                capabilities.Add(Capability.Keyboard);
            if (Adapters.Power is not null)
                capabilities.Add(Capability.Power);
            if (DeclaredCapabilities.Tpm)
                capabilities.Add(Capability.Tpm);
            if (DeclaredCapabilities.SecureBoot)
                capabilities.Add(Capability.SecureBoot);
            if (DeclaredCapabilities.Suspend != SuspendMethod.None)
                capabilities.Add(Capability.Suspend);
            if (DeclaredCapabilities.Wifi is not null)
                capabilities.Add(Capability.Wifi);
            // Manual hot-plug counts: the fixture asks the person at the bench and times out otherwise.
            if (DeclaredCapabilities.UsbHotplug != UsbHotplugMode.None)
                capabilities.Add(Capability.UsbHotplug);
            return new ValueList<Capability>(capabilities.Order());
        }
    }
}
