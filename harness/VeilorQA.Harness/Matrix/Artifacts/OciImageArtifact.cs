namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>
/// A bootc OCI image such as <c>ghcr.io/veilor/veilor-os:43</c>, optionally pinned by digest; or, for an install, a local
/// OCI archive or OCI image layout (<see cref="Local"/>) that the run pushes into its own registry.
/// </summary>
/// <param name="Name">The artifact's name in the matrix.</param>
/// <param name="Reference">The registry reference (<c>reference:</c>); for a local image, its skopeo reference
/// (<c>oci-archive:PATH</c> or <c>oci:DIR[:TAG]</c>), so that reports name what was installed.</param>
/// <param name="Digest">The manifest digest the image must have (<c>sha256:…</c>), when the matrix pins one.</param>
public sealed record OciImageArtifact(string Name, string Reference, string? Digest) : Artifact(Name)
{
    public const string KindName = "oci-image";

    public override string Kind => KindName;

    /// <summary>The local archive or layout (<c>oci_archive:</c>, <c>oci_layout:</c>) instead of a registry; null for a registry image.</summary>
    public OciLocalImage? Local { get; init; }

    /// <summary>The registry user (<c>registry_user_env</c>/<c>_file</c>) for pulling a private registry image; null pulls anonymously.</summary>
    public SecretReference? RegistryUser { get; init; }

    /// <summary>The registry password (<c>registry_password_env</c>/<c>_file</c>), set exactly when <see cref="RegistryUser"/> is.</summary>
    public SecretReference? RegistryPassword { get; init; }

    /// <summary>The reference to pull: by digest when one is pinned, else by tag; a local image's skopeo reference.</summary>
    public string PullReference => Local is not null || Digest is null ? Reference : $"{RepositoryOf(Reference)}@{Digest}";

    private static string RepositoryOf(string reference)
    {
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > lastSlash ? reference[..colon] : reference;
    }
}
