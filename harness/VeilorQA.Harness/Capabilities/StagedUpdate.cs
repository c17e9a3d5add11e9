namespace VeilorQA.Harness.Capabilities;

/// <summary>What <see cref="IUpdateChannel.StageCandidateAsync"/> staged: the identity the next boot must show where the channel
/// knows it ahead (null = learn it from the staged deployment), and the commands it ran with their output.</summary>
/// <param name="Candidate">The candidate as the report names it.</param>
/// <param name="Checksum">The ostree commit expected to boot, when known before staging (reference guest).</param>
/// <param name="ImageDigest">The image digest expected to boot, when the candidate is pinned by digest (bootc).</param>
/// <param name="Version">The version the candidate carries, when known before staging.</param>
/// <param name="Transcript">Commands run and their output, for the report.</param>
public sealed record StagedUpdate(string Candidate, string? Checksum, string? ImageDigest, string? Version, string Transcript);
