namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>The bootstrap Anaconda ISO, on disk (absolute path) or at a URL, pinned by SHA-256.</summary>
/// <remarks>Exactly one of <see cref="Path"/> and <see cref="Url"/> is set.</remarks>
public sealed record IsoArtifact(string Name, string? Path, Uri? Url, string Sha256, SecretReference? LuksPassphrase)
    : Artifact(Name)
{
    public const string KindName = "iso";

    public override string Kind => KindName;
}
