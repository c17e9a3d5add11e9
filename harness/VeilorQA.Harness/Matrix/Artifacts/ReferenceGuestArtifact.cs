namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>The Debian-built stand-in for veilor-os, built from the recipe folder (absolute path).</summary>
public sealed record ReferenceGuestArtifact(string Name, string Recipe, SecretReference? LuksPassphrase) : Artifact(Name)
{
    public const string KindName = "reference-guest";

    public override string Kind => KindName;
}
