using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>Reads the deployment state with bootc where the guest has it (veilor-os) and with ostree otherwise (the Debian reference guest).</summary>
public sealed class DeploymentProbe(IShell shell)
{
    public const string BootcStatusJson = "bootc status --format=json";

    public const string OstreeAdminStatusText = "ostree admin status";

    public const string HasBootc = "command -v bootc";

    public async Task<BootcStatus> ReadBootcAsync(CancellationToken cancellationToken = default) =>
        BootcStatusParser.Parse(await shell.OutputOfAsync(BootcStatusJson, cancellationToken));

    public async Task<OstreeAdminStatus> ReadOstreeAsync(CancellationToken cancellationToken = default) =>
        OstreeAdminStatus.Parse(await shell.OutputOfAsync(OstreeAdminStatusText, cancellationToken));

    /// <summary>bootc if installed, else ostree; the result says which in <see cref="DeploymentState.Source"/>.</summary>
    public async Task<DeploymentState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var probe = await shell.ResultOfAsync(HasBootc, cancellationToken);
        return probe.Succeeded
            ? (await ReadBootcAsync(cancellationToken)).ToDeploymentState()
            : (await ReadOstreeAsync(cancellationToken)).ToDeploymentState();
    }
}
