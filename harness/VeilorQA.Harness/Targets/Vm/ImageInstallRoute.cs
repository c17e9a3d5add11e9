using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Image;
using VeilorQA.Harness.Install.Iso;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Bootc;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The generic install route veilor's release runner uses (<c>veilor-vm</c>): an installer ISO by path or URL checked against
/// the matrix's sha256, an OCI image from a registry or a local archive or layout copied into the run's registry and pinned by
/// the digest the copy produced, the LUKS passphrase from the environment variable (or file) the ISO artifact names, and an
/// SSH key pair generated for the run. The installed disk boots as an <see cref="InstalledVmTarget"/>.
/// </summary>
public sealed class ImageInstallRoute : InstallRoute
{
    private readonly IsoArtifact _iso;
    private readonly ResolvedIso _resolved;
    private readonly InstallImageSource _image;
    private readonly Secret _passphrase;
    private readonly RunSshKey _key;
    private readonly string _keyDirectory;
    private readonly Func<string, string?> _environment;
    private readonly OciImageArtifact? _update;
    private LocalRegistry? _registry;

    private ImageInstallRoute(
        IsoArtifact iso, ResolvedIso resolved, InstallImageSource image, Secret passphrase, RunSshKey key, string keyDirectory, Func<string, string?> environment, OciImageArtifact? update)
    {
        this._update = update;
        this._iso = iso;
        this._resolved = resolved;
        this._image = image;
        this._passphrase = passphrase;
        this._key = key;
        this._keyDirectory = keyDirectory;
        this._environment = environment;
    }

    /// <summary>The run's SSH key (the kickstart authorises its public half for root).</summary>
    public RunSshKey Key => _key;

    public override string IsoPath => _resolved.Path;

    public override string IsoSha256 => _resolved.Sha256;

    public override Uri? IsoUrl => _resolved.Url;

    public override Secret Passphrase => _passphrase;

    public override string PassphraseSource => _iso.LuksPassphrase is { } reference
        ? (reference.Source == SecretSource.Environment ? $"environment {reference.Location}" : $"file {reference.Location}") + $" (artifact '{_iso.Name}')"
        : $"artifact '{_iso.Name}'";

    public override string PlannedImage => _image.PinnedDigest is { } digest ? $"{ImageImporter.Repository}@{digest}" : $"{ImageImporter.Repository}:{ImageImporter.Tag} (digest known after the copy)";

    /// <summary>
    /// Checks everything that needs no VM, in the order a person would fix it: the secrets the artifacts name (missing ones
    /// are one error naming artifact, field and variable), then the ISO's sha256 (a download when the artifact has a URL),
    /// then generates the run's SSH key in the run's folder.
    /// </summary>
    /// <param name="iso">The installer ISO artifact.</param>
    /// <param name="imageArtifact">The image the install pulls.</param>
    /// <param name="role">Names the run's key folder.</param>
    /// <param name="progress">Receives one line per milestone.</param>
    /// <param name="cancellationToken">Cancels the checks, the download and the key generation.</param>
    /// <param name="environment">Reads the secrets' environment variables (the process's own by default).</param>
    /// <param name="update">The update image the installed system is upgraded to (the profile's <c>update_image</c>); null: none named.</param>
    /// <exception cref="InvalidOperationException">A secret is missing, or the ISO is not the one the matrix pins (the message names the artifact and field).</exception>
    public static async Task<ImageInstallRoute> CreateAsync(
        IsoArtifact iso, OciImageArtifact imageArtifact, string role, Action<string> progress, CancellationToken cancellationToken,
        Func<string, string?>? environment = null, OciImageArtifact? update = null)
    {
        ArgumentNullException.ThrowIfNull(iso);
        ArgumentNullException.ThrowIfNull(imageArtifact);
        environment ??= Environment.GetEnvironmentVariable;
        var passphrase = ArtifactSecret.Resolve(iso.Name, "luks_passphrase", iso.LuksPassphrase, environment);
        if (imageArtifact.RegistryUser is not null)
        {
            foreach (var (field, reference) in new[] { ("registry_user", imageArtifact.RegistryUser), ("registry_password", imageArtifact.RegistryPassword) })
            {
                if (ArtifactSecret.WhyUnavailable(imageArtifact.Name, field, reference, environment) is { } why)
                {
                    throw new InvalidOperationException(why);
                }
            }
        }

        if (update?.RegistryUser is not null)
        {
            foreach (var (field, reference) in new[] { ("registry_user", update.RegistryUser), ("registry_password", update.RegistryPassword) })
            {
                if (ArtifactSecret.WhyUnavailable(update.Name, field, reference, environment) is { } why)
                {
                    throw new InvalidOperationException(why);
                }
            }
        }

        var resolved = await ResolveIsoAsync(iso, progress, cancellationToken);
        var keyDirectory = Path.Combine(HarnessPaths.RunDirectory(RunId.Current), role + "-ssh");
        var key = await RunSshKey.GenerateAsync(keyDirectory, $"veilorqa-{RunId.Current}", cancellationToken);
        return new ImageInstallRoute(iso, resolved, InstallImageSource.Of(imageArtifact), passphrase, key, keyDirectory, environment, update);
    }

    /// <summary>The ISO of <paramref name="iso"/> (its path, or its URL downloaded into the cache), its sha256 checked.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or has another sha256; the message names the artifact and the field.</exception>
    public static async Task<ResolvedIso> ResolveIsoAsync(IsoArtifact iso, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iso);
        var field = iso.Path is null ? "url" : "path";
        var location = iso.Path ?? iso.Url!.OriginalString;
        using var source = new IsoSource();
        try
        {
            return await source.ResolveAsync(location, iso.Sha256, $"artifact '{iso.Name}' field sha256", progress, cancellationToken);
        }
        catch (IsoChecksumException e)
        {
            throw new InvalidOperationException($"artifact '{iso.Name}' field sha256: the ISO at {field} {e.Location} has sha256 {e.Actual}, not {e.Expected} (nothing was booted)", e);
        }
        catch (Exception e) when (e is FileNotFoundException or IsoDownloadException)
        {
            throw new InvalidOperationException($"artifact '{iso.Name}' field {field}: {e.Message}", e);
        }
    }

    public override (string Installer, string Candidate) Describe(string? pushedImage) => (
        $"ISO {(_resolved.Url is null ? _resolved.Path : _resolved.Url.OriginalString)} (artifact '{_iso.Name}', sha256 {_resolved.Sha256[..16]}…), booted unmodified under Secure Boot, kickstart on an OEMDRV volume",
        $"{_image}{(pushedImage is null ? string.Empty : ", pushed to the run's registry as " + pushedImage)}");

    public override Task<string> SshPublicKeyAsync(CancellationToken cancellationToken) => Task.FromResult(_key.PublicKey);

    public override async Task<(string Image, string Digest)> PushAsync(LocalRegistry registry, Action<string> progress, CancellationToken cancellationToken)
    {
        // The installed system's update is copied into the same registry when bootc-upgrade stages it.
        _registry = registry;
        var pushed = await ImageImporter.ImportAsync(_image, RegistryTarget.Of(registry), _keyDirectory, _environment, line => progress($"registry: {line}"), cancellationToken);
        return ($"{ImageImporter.Repository}@{pushed.Digest}", pushed.Digest);
    }

    public override async Task<ITarget> CreateInstalledSystemAsync(VmProfile definition, InstallSession session, string description, string role, Action<string> progress, CancellationToken cancellationToken)
    {
        var channel = _update is null || _registry is null
            ? null
            : new PushedUpdateChannel(_update, _registry, Path.Combine(_keyDirectory, "update"), _environment, progress);
        return await InstalledVmTarget.CreateAsync(
            definition, session, _passphrase, _key, role, description, channel, channel is null ? NoUpdateChannel($"VM target {definition.Name}") : null, progress, cancellationToken);
    }

    public override string NoUpdateChannel(string name) => NoUpdateChannel(name, _image.ToString(), _update is not null);

    /// <summary>Why an installed system of this route has no update channel (yet): the profile names no <c>update_image</c>, or nothing is installed yet.</summary>
    /// <param name="name">The target as reasons name it.</param>
    /// <param name="image">What was installed.</param>
    /// <param name="updateNamed">Whether the profile names an update image.</param>
    public static string NoUpdateChannel(string name, string image, bool updateNamed) => updateNamed
        ? $"{name} is not installed yet (or its install failed): its update image is copied into the run's registry once the installed system runs"
        : $"{name} was installed from {image} and its VM profile names no update_image: (an oci-image artifact, copied into the run's registry where the installed system's origin points), so nothing says which image bootc-upgrade stages";

    public override ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(_keyDirectory))
            {
                Directory.Delete(_keyDirectory, recursive: true);
            }

            // The VMs' folders went first (their MachineFiles leave the run's folder while this one was still in it).
            var runDirectory = Path.GetDirectoryName(_keyDirectory)!;
            if (Directory.Exists(runDirectory) && !Directory.EnumerateFileSystemEntries(runDirectory).Any())
            {
                Directory.Delete(runDirectory);
            }
        }
        catch (IOException)
        {
            // The reaper removes the run's folder by run id.
        }

        return ValueTask.CompletedTask;
    }
}
