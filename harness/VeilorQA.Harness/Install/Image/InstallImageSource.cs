using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Install.Image;

/// <summary>
/// Where the run's own registry gets the image an install pulls, chosen from the matrix's oci-image artifact: a registry
/// reference (pulled by the pinned digest when the matrix pins one, else by tag) or a local OCI archive or layout.
/// </summary>
/// <param name="Artifact">The artifact's name (for messages).</param>
/// <param name="SkopeoReference">skopeo's source: <c>docker://REF</c>, <c>oci-archive:PATH</c> or <c>oci:DIR[:TAG]</c>.</param>
/// <param name="PinnedDigest">The manifest digest the matrix pins; the copy must produce exactly it (<c>--preserve-digests</c>).</param>
/// <param name="Registry">The source registry's <c>host[:port]</c> (the auth file's key), null for a local image.</param>
/// <param name="User">The registry user's reference, when the artifact names credentials.</param>
/// <param name="Password">The registry password's reference, when the artifact names credentials.</param>
public sealed record InstallImageSource(string Artifact, string SkopeoReference, string? PinnedDigest, string? Registry, SecretReference? User, SecretReference? Password)
{
    /// <summary>True for a local archive or layout.</summary>
    public bool IsLocal => Registry is null;

    /// <summary>The source chosen from <paramref name="artifact"/>.</summary>
    public static InstallImageSource Of(OciImageArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Local is { } local)
        {
            return new InstallImageSource(artifact.Name, local.SkopeoReference, artifact.Digest, null, null, null);
        }

        var registry = artifact.Reference[..artifact.Reference.IndexOf('/', StringComparison.Ordinal)];
        return new InstallImageSource(artifact.Name, "docker://" + artifact.PullReference, artifact.Digest, registry, artifact.RegistryUser, artifact.RegistryPassword);
    }

    public override string ToString() => $"{SkopeoReference} (artifact '{Artifact}'{(PinnedDigest is null ? string.Empty : ", pinned " + PinnedDigest)})";
}
