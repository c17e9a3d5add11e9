using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The reference guest's update channel, plain ostree the way bootc drives it: the build's static delta v1 → v2 is
/// uploaded and applied offline, then <c>ostree admin deploy --stage</c> (finalized at shutdown like <c>bootc upgrade</c>).
/// Rollback redeploys the rollback deployment's commit as the new default — ostree 2022.7 has no <c>admin rollback</c> —
/// so after the reboot the previous deployment is booted and the candidate is the rollback, as after <c>bootc rollback</c>.
/// </summary>
public sealed class ReferenceUpdateChannel : IUpdateChannel
{
    /// <summary>Where the delta lands in the guest; /var/tmp survives nothing the channel needs and is removed after applying.</summary>
    public const string RemoteDelta = "/var/tmp/veilorqa-update.delta";

    // A non-login SSH command does not read /etc/profile.d, where the image sets OSTREE_GRUB2_EXEC: without it a
    // non-staged deploy cannot write the grub menu (the staged one runs in ostree-finalize-staged, which has a drop-in).
    private const string GrubEnvironment = ". /etc/profile.d/veilorqa-ostree.sh";

    private readonly ReferenceGuestBuild _build;
    private readonly TimeSpan _commandTimeout;

    /// <param name="build">The reference guest build whose v1 the target boots and whose delta carries v2.</param>
    /// <param name="commandTimeout">Per command; applying the delta and checking out a deployment are slow under TCG.</param>
    public ReferenceUpdateChannel(ReferenceGuestBuild build, TimeSpan commandTimeout)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(commandTimeout, TimeSpan.Zero);
        this._build = build;
        this._commandTimeout = commandTimeout;
    }

    public string Candidate => $"reference guest v2 (ostree commit {Short(_build.CommitV2)}, static delta from v1)";

    public async Task<StagedUpdate> StageCandidateAsync(IShell shell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var transcript = new StringBuilder();
        var commit = (await File.ReadAllTextAsync(Path.Combine(_build.Directory, "update", "update.commit"), cancellationToken)).Trim();
        if (commit != _build.CommitV2)
        {
            throw new InvalidOperationException(
                $"reference guest build {_build.RecipeHash} is inconsistent: update/update.commit names {commit}, build.env's COMMIT_V2 is {_build.CommitV2}");
        }

        var status = await new DeploymentProbe(shell).ReadOstreeAsync(cancellationToken);
        var booted = status.Booted ?? throw new InvalidOperationException($"ostree admin status shows no booted deployment: {Describe(status)}");
        if (booted.Checksum != _build.CommitV1)
        {
            // The delta is relative to v1: it cannot apply onto anything else.
            throw new InvalidOperationException(
                $"the reference guest's update delta applies to v1 ({Short(_build.CommitV1)}), but the booted deployment is {Short(booted.Checksum)}.{booted.Serial} (deployments: {Describe(status)})");
        }

        await shell.UploadAsync(_build.UpdateDelta, RemoteDelta, cancellationToken);
        transcript.AppendLine($"uploaded {_build.UpdateDelta} ({new FileInfo(_build.UpdateDelta).Length} bytes) to {RemoteDelta}");
        await RunAsync(shell, transcript, $"ostree static-delta apply-offline {RemoteDelta}; rc=$?; rm -f {RemoteDelta}; exit $rc", cancellationToken);
        await RunAsync(shell, transcript, $"ostree admin deploy --stage --os={ShellQuote.Single(booted.Stateroot)} {commit}", cancellationToken);
        return new StagedUpdate(Candidate, commit, null, null, transcript.ToString());
    }

    public async Task RequestRollbackAsync(IShell shell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var status = await new DeploymentProbe(shell).ReadOstreeAsync(cancellationToken);
        var rollback = status.Rollback ?? throw new InvalidOperationException($"there is no rollback deployment to return to: {Describe(status)}");

        // Default retention keeps the booted deployment (it becomes the rollback) and drops the old rollback entry,
        // whose commit the new deployment carries: the same A/B pair bootc rollback leaves.
        await RunAsync(shell, new StringBuilder(), $"{GrubEnvironment} && ostree admin deploy --os={ShellQuote.Single(rollback.Stateroot)} {rollback.Checksum}", cancellationToken);
    }

    public override string ToString() => Candidate;

    private static string Short(string checksum) => checksum[..Math.Min(12, checksum.Length)];

    private static string Describe(OstreeAdminStatus status) =>
        status.Deployments.Count == 0
            ? "no deployments"
            : string.Join("; ", status.Deployments.Select(d =>
                $"{Short(d.Checksum)}.{d.Serial} version {d.Version ?? "?"}{(d.IsBooted ? " booted" : string.Empty)}{(d.IsStaged ? " staged" : string.Empty)}{(d.IsPending ? " pending" : string.Empty)}{(d.IsRollback ? " rollback" : string.Empty)}"));

    private async Task RunAsync(IShell shell, StringBuilder transcript, string command, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(command, _commandTimeout, cancellationToken);
        transcript.AppendLine($"$ {command}  (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s)");
        if (result.StandardOutput.Length > 0)
        {
            transcript.AppendLine(result.StandardOutput.TrimEnd());
        }

        if (result.StandardError.Length > 0)
        {
            transcript.AppendLine(result.StandardError.TrimEnd());
        }

        result.EnsureSuccess();
    }
}
