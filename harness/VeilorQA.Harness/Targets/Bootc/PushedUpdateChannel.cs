using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Install.Image;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Targets.Bootc;

/// <summary>
/// The update channel of a VM the run installed from an OCI image (<c>veilor-vm</c>): the matrix's update image
/// (<c>update_image:</c> of the VM profile) is copied into the run's own registry — the repository the installed system's
/// origin names, at the tag the install was copied to — pinned by the digest that copy produced, and
/// <see cref="BootcUpdateChannel"/> stages it by that digest. The installed system reaches the registry as the install did
/// (plain HTTP on 10.0.2.2): the kickstart marked it insecure only for the installer, so the channel writes the same
/// registries drop-in on the installed system first, and says so in the staging transcript.
/// </summary>
public sealed class PushedUpdateChannel : IUpdateChannel
{
    /// <summary>The registries drop-in written on the installed system (the kickstart's <c>%pre</c> writes the same for the installer).</summary>
    public const string RegistriesDropIn = "/etc/containers/registries.conf.d/50-veilorqa-registry.conf";

    private readonly OciImageArtifact _update;
    private readonly LocalRegistry _registry;
    private readonly string _workDirectory;
    private readonly Func<string, string?> _environment;
    private readonly Action<string> _progress;
    private BootcUpdateChannel? _pushed;

    /// <param name="update">The update image (the profile's <c>update_image</c> artifact).</param>
    /// <param name="registry">The run's registry the install pulled from.</param>
    /// <param name="workDirectory">A folder of the run for the copy's digest and auth files.</param>
    /// <param name="environment">Reads the update image's registry credentials, when it names any.</param>
    /// <param name="progress">Receives the copy's milestones.</param>
    public PushedUpdateChannel(OciImageArtifact update, LocalRegistry registry, string workDirectory, Func<string, string?> environment, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(registry);
        this._update = update;
        this._registry = registry;
        this._workDirectory = workDirectory;
        this._environment = environment;
        this._progress = progress;
    }

    /// <summary>The update image, and where it is staged from once pushed.</summary>
    public string Candidate => _pushed is null
        ? $"{InstallImageSource.Of(_update)} (copied into the run's registry as {ImageImporter.Repository}:{ImageImporter.Tag} when staged)"
        : $"{_pushed.Candidate} ({InstallImageSource.Of(_update)})";

    /// <summary>The line for <see cref="RegistriesDropIn"/> that lets containers/image pull plain HTTP from <paramref name="guestAddress"/>.</summary>
    public static string DropInCommand(string guestAddress) =>
        $"mkdir -p /etc/containers/registries.conf.d && printf '[[registry]]\\nlocation = \"%s\"\\ninsecure = true\\n' {ShellQuote.Single(guestAddress)} > {RegistriesDropIn}";

    public async Task<StagedUpdate> StageCandidateAsync(IShell shell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shell);
        if (_pushed is null)
        {
            var pushed = await ImageImporter.ImportAsync(
                InstallImageSource.Of(_update), RegistryTarget.Of(_registry), _workDirectory, _environment, line => _progress($"registry: {line}"), cancellationToken);
            _pushed = new BootcUpdateChannel(new OciImageArtifact(_update.Name, $"{_registry.GuestAddress}/{ImageImporter.Repository}:{ImageImporter.Tag}", pushed.Digest));
            _progress($"update image {_update.Name} pushed to the run's registry: {ImageImporter.Repository}@{pushed.Digest}");
        }

        var transcript = new StringBuilder();
        var dropIn = await shell.RunAsync(DropInCommand(_registry.GuestAddress), TimeSpan.FromSeconds(30), cancellationToken);
        transcript.AppendLine($"$ {dropIn.Command}  (exit {dropIn.ExitCode}): the run's registry {_registry.GuestAddress} is plain HTTP");
        dropIn.EnsureSuccess();
        var staged = await _pushed.StageCandidateAsync(shell, cancellationToken);
        return staged with { Transcript = transcript + staged.Transcript };
    }

    public Task RequestRollbackAsync(IShell shell, CancellationToken cancellationToken = default) =>
        (_pushed ?? new BootcUpdateChannel(_update)).RequestRollbackAsync(shell, cancellationToken);

    public override string ToString() => Candidate;
}
