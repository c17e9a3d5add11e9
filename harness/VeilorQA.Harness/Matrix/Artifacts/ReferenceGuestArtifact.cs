namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>The Debian-built stand-in for veilor-os, built from the recipe folder (absolute path).</summary>
/// <remarks>It has no passphrase key: each build generates its own LUKS passphrase, which the harness reads from the build.</remarks>
public sealed record ReferenceGuestArtifact(string Name, string Recipe) : Artifact(Name)
{
    public const string KindName = "reference-guest";

    public override string Kind => KindName;
}
