namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>host-v1 <c>ImageStatus</c>: what image a boot entry came from.</summary>
public sealed record BootcImageStatus(
    BootcImageReference Image,
    string? Version,
    DateTimeOffset? Timestamp,
    string ImageDigest,
    string? Architecture);
