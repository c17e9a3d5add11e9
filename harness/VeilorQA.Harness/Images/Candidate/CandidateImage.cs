using System.Text.Json;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Images.Candidate;

/// <summary>One tag of the candidate image as the OCI layout holds it.</summary>
public sealed record CandidateTag(string Tag, string Digest, long Bytes, int Layers);

/// <summary>
/// The candidate image: the OCI image layout (<c>image/</c>) the reference guest build writes, tags
/// <c>1</c> (the install) and <c>2</c> (the bootc-upgrade candidate), with the digests recorded in
/// <c>image/digests.env</c>.
/// </summary>
public sealed class CandidateImage
{
    /// <summary>The repository the candidate is pushed to (what the installer's kickstarts name).</summary>
    public const string Repository = "veilorqa/reference";

    /// <summary>The tags, in push order.</summary>
    public static readonly IReadOnlyList<string> TagNames = ["1", "2"];

    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private CandidateImage(string layoutDirectory, CandidateDigests digests)
    {
        LayoutDirectory = layoutDirectory;
        Digests = digests;
    }

    /// <summary>The OCI image layout (index.json, blobs/).</summary>
    public string LayoutDirectory { get; }

    public CandidateDigests Digests { get; }

    /// <summary>The candidate of a finished reference build (<c>&lt;cache&gt;/image</c>).</summary>
    public static CandidateImage FromBuild(ReferenceGuestBuild build) => Load(Path.Combine(build.Directory, "image"));

    /// <summary>Opens a layout folder holding <c>index.json</c> and <c>digests.env</c>.</summary>
    public static CandidateImage Load(string layoutDirectory)
    {
        var full = Path.GetFullPath(layoutDirectory);
        if (!File.Exists(Path.Combine(full, "index.json")))
        {
            throw new FormatException($"{full} is not an OCI image layout (no index.json); a reference build older than the candidate image? Rebuild with 'veilorqa guest build --force'");
        }

        return new CandidateImage(full, CandidateDigests.Load(Path.Combine(full, CandidateDigests.FileName)));
    }

    /// <summary>skopeo's source reference of a tag: <c>oci:&lt;layout&gt;:&lt;tag&gt;</c>.</summary>
    public string SourceReference(string tag) => $"oci:{LayoutDirectory}:{tag}";

    /// <summary>
    /// Reads a tag from index.json and its manifest: the digest (which must equal digests.env's, or the
    /// layout and its record disagree), and the bytes a push moves (config + layers).
    /// </summary>
    public CandidateTag Describe(string tag)
    {
        var recorded = Digests.DigestOf(tag);
        var indexPath = Path.Combine(LayoutDirectory, "index.json");
        using var index = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        var descriptor = index.RootElement.GetProperty("manifests").EnumerateArray()
            .FirstOrDefault(m => m.TryGetProperty("annotations", out var a) && a.TryGetProperty(RefNameAnnotation, out var n) && n.GetString() == tag);
        if (descriptor.ValueKind == JsonValueKind.Undefined)
        {
            throw new FormatException($"{indexPath} has no manifest tagged '{tag}'");
        }

        var digest = descriptor.GetProperty("digest").GetString() ?? string.Empty;
        if (digest != recorded)
        {
            throw new FormatException($"{indexPath} tags '{tag}' as {digest}, but {CandidateDigests.FileName} records {recorded}");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(BlobPath(digest)));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().ToList();
        var bytes = manifest.RootElement.GetProperty("config").GetProperty("size").GetInt64() + layers.Sum(l => l.GetProperty("size").GetInt64());
        return new CandidateTag(tag, digest, bytes, layers.Count);
    }

    private string BlobPath(string digest)
    {
        var path = Path.Combine(LayoutDirectory, "blobs", "sha256", digest["sha256:".Length..]);
        return File.Exists(path) ? path : throw new FormatException($"{LayoutDirectory}: blob {digest} is missing");
    }
}
