namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>host-v1 <c>BootEntry</c>: one of booted, staged, rollback (or a pinned other deployment).</summary>
public sealed record BootcEntry(
    BootcImageStatus? Image,
    BootcImageStatus? CachedUpdate,
    bool Incompatible,
    bool Pinned,
    BootcOstreeEntry? Ostree)
{
    public string? ImageDigest => Image?.ImageDigest;

    public string? Version => Image?.Version;
}
