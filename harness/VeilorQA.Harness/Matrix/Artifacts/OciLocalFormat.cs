namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>How a local OCI image is stored.</summary>
public enum OciLocalFormat
{
    /// <summary>A tar file of an OCI image layout (<c>podman save --format oci-archive</c>, skopeo's <c>oci-archive:</c>).</summary>
    Archive,

    /// <summary>An OCI image layout folder (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/</c>; skopeo's <c>oci:</c>).</summary>
    Layout,
}
