namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>A laptop entry of the matrix: a physical machine (or anything that looks like one) reached only over SSH.</summary>
/// <remarks>
/// Exactly one of <see cref="KeyFile"/> and <see cref="UseAgent"/> authenticates; exactly one of
/// <see cref="HostKeyFingerprint"/> (<c>SHA256:...</c>) and <see cref="HostKeyFingerprintFile"/> pins the host key.
/// </remarks>
public sealed record LaptopEntry(
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
    LaptopAdapters Adapters) : TargetEntry(Name, InstalledArtifact)
{
    public const string KindName = "laptop";

    public override string Kind => KindName;

    /// <summary>What its adapters give it plus what it declares.</summary>
    public override ValueList<Capability> Capabilities => new(Adapters.Capabilities.Concat(DeclaredCapabilities.Capabilities).Distinct().Order());
}
