using VeilorQA.Harness.Guest.Deployments;

namespace VeilorQA.Release.Suites;

/// <summary>What the bootc-upgrade suite reads of a running system: the deployment state, the version its /usr says, and
/// where the kernel's <c>ostree=</c> argument leads.</summary>
/// <param name="State">booted/staged/rollback as bootc (or ostree) reports them.</param>
/// <param name="VersionMarker"><c>IMAGE_VERSION</c> (else <c>OSTREE_VERSION</c>) of the running <c>/usr/lib/os-release</c>, or null.</param>
/// <param name="OstreeKarg">The <c>ostree=</c> kernel argument, or null when the kernel has none.</param>
/// <param name="OstreeKargTarget">The deployment directory that argument resolves to (<c>/ostree/deploy/STATEROOT/deploy/CHECKSUM.SERIAL</c>).</param>
internal sealed record BootedDeployment(DeploymentState State, string? VersionMarker, string? OstreeKarg, string? OstreeKargTarget)
{
    public DeploymentRef? Booted => State.Booted;

    /// <summary>Whether the kernel's <c>ostree=</c> leads to the booted deployment's directory.</summary>
    public bool KargLeadsToBooted =>
        Booted is { Checksum: not null } b && OstreeKargTarget is not null && OstreeKargTarget.EndsWith($"/deploy/{b.Checksum}.{b.Serial}", StringComparison.Ordinal);

    public override string ToString() =>
        $"{State}; os-release version: {VersionMarker ?? "(none)"}; {OstreeKarg ?? "no ostree= karg"} -> {OstreeKargTarget ?? "?"}";
}
