namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>A bootc OCI image such as <c>ghcr.io/veilor/veilor-os:43</c>, optionally pinned by digest.</summary>
public sealed record OciImageArtifact(string Name, string Reference, string? Digest) : Artifact(Name)
{
    public const string KindName = "oci-image";

    public override string Kind => KindName;

    /// <summary>The reference to pull: by digest when one is pinned, else by tag.</summary>
    public string PullReference => Digest is null ? Reference : $"{RepositoryOf(Reference)}@{Digest}";

    private static string RepositoryOf(string reference)
    {
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > lastSlash ? reference[..colon] : reference;
    }
}
