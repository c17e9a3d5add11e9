namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>The parsed <c>bootc status --format=json</c> (host-v1, <c>org.containers.bootc/v1</c>).</summary>
public sealed record BootcStatus(
    string ApiVersion,
    BootcImageReference? SpecImage,
    string? BootOrder,
    BootcEntry? Booted,
    BootcEntry? Staged,
    BootcEntry? Rollback,
    bool RollbackQueued,
    IReadOnlyList<BootcEntry> OtherDeployments,
    string? Type)
{
    /// <summary>bootc leaves <c>booted</c> null on a system it did not deploy (or one it cannot manage).</summary>
    public bool IsBootcHost => Booted is not null;

    public DeploymentState ToDeploymentState() => new(
        "bootc",
        From(Booted),
        From(Staged),
        From(Rollback),
        RollbackQueued);

    private static DeploymentRef? From(BootcEntry? entry) => entry is null
        ? null
        : new DeploymentRef(
            entry.Ostree?.Checksum,
            entry.Ostree?.DeploySerial,
            entry.Image?.Version,
            entry.Image?.ImageDigest,
            entry.Image?.Image.Image,
            entry.Pinned);
}
