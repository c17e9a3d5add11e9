using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VeilorQA.Harness.Images.Candidate;

namespace VeilorQA.Harness.Tests.Images.Candidate;

/// <summary>Writes a small OCI image layout shaped like the reference build's <c>image/</c>: tags 1 and 2, digests.env.</summary>
/// <remarks>Tag 2 is tag 1's layer plus one more (as the reference's upgrade candidate), so the two digests differ.</remarks>
internal static class TestOciLayout
{
    public static CandidateImage Write(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var baseLayer = Layer(directory, "usr/share/veilorqa/version", "1\n");
        var topLayer = Layer(directory, "usr/share/veilorqa/version", "2\n");
        var v1 = Manifest(directory, [baseLayer]);
        var v2 = Manifest(directory, [baseLayer, topLayer]);
        var index = new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.index.v1+json",
            manifests = new[] { Described(v1, "1"), Described(v2, "2") },
        };
        File.WriteAllText(Path.Combine(directory, "index.json"), JsonSerializer.Serialize(index));
        File.WriteAllText(Path.Combine(directory, CandidateDigests.FileName), $"IMAGE_V1_DIGEST={v1.Digest}\nIMAGE_V2_DIGEST={v2.Digest}\nIMAGE_KERNEL=6.1.0-test-amd64\n");
        return CandidateImage.Load(directory);
    }

    private static object Described((string Digest, long Size) manifest, string tag) => new Dictionary<string, object>
    {
        ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
        ["digest"] = manifest.Digest,
        ["size"] = manifest.Size,
        ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag },
    };

    private static (string Digest, long Size, string DiffId) Layer(string layout, string path, string content)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                ModificationTime = DateTimeOffset.UnixEpoch,
            };
            writer.WriteEntry(entry);
        }

        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray()));
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(tar.ToArray());
        }

        var (digest, size) = Blob(layout, gz.ToArray());
        return (digest, size, diffId);
    }

    private static (string Digest, long Size) Manifest(string layout, IReadOnlyList<(string Digest, long Size, string DiffId)> layers)
    {
        var config = new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Labels = new Dictionary<string, string> { ["containers.bootc"] = "1" } },
            rootfs = new { type = "layers", diff_ids = layers.Select(l => l.DiffId).ToArray() },
        };
        var (configDigest, configSize) = Blob(layout, JsonSerializer.SerializeToUtf8Bytes(config));
        var manifest = new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = configSize },
            layers = layers.Select(l => new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = l.Digest, size = l.Size }).ToArray(),
        };
        return Blob(layout, JsonSerializer.SerializeToUtf8Bytes(manifest));
    }

    private static (string Digest, long Size) Blob(string layout, byte[] data)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(data));
        File.WriteAllBytes(Path.Combine(layout, "blobs", "sha256", hex), data);
        return ("sha256:" + hex, data.Length);
    }
}
