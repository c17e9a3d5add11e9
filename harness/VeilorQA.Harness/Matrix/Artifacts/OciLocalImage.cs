namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>An OCI image on this machine: an archive file (<c>oci_archive:</c>) or an image layout folder (<c>oci_layout:</c>).</summary>
/// <param name="Format">Archive or layout.</param>
/// <param name="Path">The archive file or the layout folder (absolute).</param>
/// <param name="Tag">The layout's tag (<c>tag:</c>, <c>org.opencontainers.image.ref.name</c>); null when the layout holds one image.</param>
public sealed record OciLocalImage(OciLocalFormat Format, string Path, string? Tag)
{
    /// <summary>skopeo's source reference: <c>oci-archive:PATH</c> or <c>oci:DIR[:TAG]</c>.</summary>
    public string SkopeoReference => Format == OciLocalFormat.Archive
        ? $"oci-archive:{Path}"
        : Tag is null ? $"oci:{Path}" : $"oci:{Path}:{Tag}";
}
