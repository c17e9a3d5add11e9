using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Targets.Bootc;

/// <summary>
/// The update channel of a bootc system (veilor-os on a VM or a laptop): stages the matrix's candidate image with
/// <c>bootc upgrade</c> when the host already tracks that reference and <c>bootc switch --transport registry</c> otherwise;
/// rolls back with <c>bootc rollback</c>. Nothing here reboots (no <c>--apply</c>): the suite reboots through the target.
/// </summary>
public sealed class BootcUpdateChannel : IUpdateChannel
{
    /// <summary>Pulling a desktop image over a laptop's network takes a while; bootc prints nothing a watcher could wait on.</summary>
    public static readonly TimeSpan DefaultPullTimeout = TimeSpan.FromMinutes(30);

    public const string Rollback = "bootc rollback";

    public const string Upgrade = "bootc upgrade";

    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromMinutes(2);

    private readonly OciImageArtifact _candidate;
    private readonly TimeSpan _pullTimeout;

    /// <param name="candidate">The image to upgrade to; pinned by digest when the release names one.</param>
    /// <param name="pullTimeout">How long fetching and staging may take (default <see cref="DefaultPullTimeout"/>).</param>
    public BootcUpdateChannel(OciImageArtifact candidate, TimeSpan? pullTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        this._candidate = candidate;
        this._pullTimeout = pullTimeout ?? DefaultPullTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this._pullTimeout, TimeSpan.Zero, nameof(pullTimeout));
    }

    /// <summary>The channel for the artifact a suite's <c>candidate:</c> setting names.</summary>
    /// <exception cref="ArgumentException">The artifact is not an OCI image (e.g. the reference guest), named in the message.</exception>
    public static BootcUpdateChannel For(Artifact candidate, TimeSpan? pullTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate is OciImageArtifact image
            ? new BootcUpdateChannel(image, pullTimeout)
            : throw new ArgumentException(
                $"candidate artifact '{candidate.Name}' is of kind '{candidate.Kind}'; a bootc system upgrades to an '{OciImageArtifact.KindName}' artifact",
                nameof(candidate));
    }

    public string Candidate => _candidate.PullReference;

    /// <summary>The command that stages <see cref="Candidate"/> on a host whose bootc status is <paramref name="status"/>.</summary>
    /// <exception cref="InvalidOperationException">bootc cannot upgrade this host (it does not manage it, or the booted deployment is incompatible).</exception>
    public string StageCommandFor(BootcStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.IsBootcHost)
        {
            throw new InvalidOperationException("bootc does not manage this system (bootc status reports no booted deployment): it cannot be upgraded with bootc");
        }

        if (status.Booted!.Incompatible)
        {
            throw new InvalidOperationException(
                "the booted deployment has local rpm-ostree changes (bootc status: incompatible), so bootc refuses to upgrade it; " +
                "undo them (rpm-ostree reset) before testing the upgrade");
        }

        // `bootc switch` to the reference the host already tracks is a no-op ("Image specification is unchanged").
        return status.SpecImage is { Transport: "registry" } spec && spec.Image == _candidate.PullReference
            ? Upgrade
            : $"bootc switch --transport registry {ShellQuote.Single(_candidate.PullReference)}";
    }

    public async Task<StagedUpdate> StageCandidateAsync(IShell shell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var transcript = new StringBuilder();
        var status = await new DeploymentProbe(shell).ReadBootcAsync(cancellationToken);
        var command = StageCommandFor(status);
        transcript.AppendLine($"tracked image: {status.SpecImage?.Image ?? "(none)"} ({status.SpecImage?.Transport ?? "-"})");
        var result = await shell.RunAsync(command, _pullTimeout, cancellationToken);
        Append(transcript, result);
        result.EnsureSuccess();

        // bootc imports the image into ostree on the host: the commit checksum is known only once it is staged.
        return new StagedUpdate(Candidate, null, _candidate.Digest, null, transcript.ToString());
    }

    public async Task RequestRollbackAsync(IShell shell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        (await shell.RunAsync(Rollback, RollbackTimeout, cancellationToken)).EnsureSuccess();
    }

    public override string ToString() => Candidate;

    private static void Append(StringBuilder transcript, ShellResult result)
    {
        transcript.AppendLine($"$ {result.Command}  (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s)");
        if (result.StandardOutput.Length > 0)
        {
            transcript.AppendLine(result.StandardOutput.TrimEnd());
        }

        if (result.StandardError.Length > 0)
        {
            transcript.AppendLine(result.StandardError.TrimEnd());
        }
    }
}
