namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>A deployment as both bootc and ostree describe it: commit checksum, serial, version; bootc adds the image and its digest.</summary>
public sealed record DeploymentRef(string? Checksum, int? Serial, string? Version, string? ImageDigest, string? Origin, bool Pinned)
{
    public override string ToString() =>
        $"{Version ?? "(no version)"} {Checksum?[..Math.Min(12, Checksum.Length)] ?? "?"}.{Serial}" + (ImageDigest is null ? string.Empty : $" {ImageDigest}");
}
