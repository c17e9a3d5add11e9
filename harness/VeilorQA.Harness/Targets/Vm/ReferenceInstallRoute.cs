using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The reference installer route (<c>refiso</c>, <c>veilorqa repro</c>): the installer ISO built from vms/installer (or the
/// repro's ISO), the reference guest's candidate layout (tags 1 and 2, pushed with their recorded digests), the build's
/// passphrase and SSH key; the installed disk boots as the reference guest.
/// </summary>
public sealed class ReferenceInstallRoute : InstallRoute
{
    private readonly ReferenceGuestImage _referenceImage;
    private readonly Secret _passphrase;

    /// <summary>The route for <paramref name="build"/> installed from <paramref name="installer"/>, with <paramref name="overrides"/> in place of either.</summary>
    public ReferenceInstallRoute(ReferenceGuestImage referenceImage, ReferenceGuestBuild build, InstallerBuild installer, InstallOverrides overrides)
    {
        this._referenceImage = referenceImage;
        Build = build;
        Installer = installer;
        Overrides = overrides;
        IsoPath = overrides.IsoPath ?? Path.Combine(installer.Directory, installer.Iso);
        IsoSha256 = overrides.IsoSha256 ?? installer.IsoSha256;
        Candidate = overrides.ImageLayout is { } layout ? CandidateImage.Load(layout) : CandidateImage.FromBuild(build);
        _passphrase = build.ReadPassphrase();
        Redactor.Global.Register(_passphrase);
    }

    /// <summary>The reference guest build (passphrase, key, recipe).</summary>
    public ReferenceGuestBuild Build { get; }

    /// <summary>The installer ISO build.</summary>
    public InstallerBuild Installer { get; }

    /// <summary>The candidate layout pushed (tags 1 and 2).</summary>
    public CandidateImage Candidate { get; }

    /// <summary>The repro's replacements.</summary>
    public InstallOverrides Overrides { get; }

    public override string IsoPath { get; }

    public override string IsoSha256 { get; }

    public override Uri? IsoUrl => Overrides.IsoUrl;

    public override string? VolumeLabel => Installer.VolumeLabel;

    public override Secret Passphrase => _passphrase;

    public override string PassphraseSource => $"reference build {Build.RecipeHash} ({Build.PassphraseFile})";

    public override string PlannedImage => $"{CandidateImage.Repository}@{Candidate.Digests.V1}";

    public override (string Installer, string Candidate) Describe(string? pushedImage) => (
        (Overrides.IsoPath is null ? $"reference installer ISO {Installer.Iso} (recipe {Installer.RecipeHash}" : $"ISO {IsoPath} (given")
        + $", sha256 {IsoSha256[..16]}…), booted unmodified under Secure Boot, kickstart on an OEMDRV volume",
        $"{(Overrides.ImageLayout is null ? "reference guest image" : "image layout " + Overrides.ImageLayout)} {CandidateImage.Repository}@{Candidate.Digests.V1} (recipe {Build.RecipeHash}), pushed to a local registry");

    public override async Task<string> SshPublicKeyAsync(CancellationToken cancellationToken) =>
        (await File.ReadAllTextAsync(Build.SshPrivateKey + ".pub", cancellationToken)).Trim();

    public override async Task<(string Image, string Digest)> PushAsync(LocalRegistry registry, Action<string> progress, CancellationToken cancellationToken)
    {
        var pushed = await CandidatePusher.PushAsync(Candidate, RegistryTarget.Of(registry), line => progress($"registry: {line}"), cancellationToken);
        var v1 = pushed.Single(p => p.Tag == "1");
        return ($"{CandidateImage.Repository}@{v1.Digest}", v1.Digest);
    }

    public override async Task<ITarget> CreateInstalledSystemAsync(VmProfile definition, InstallSession session, string description, string role, Action<string> progress, CancellationToken cancellationToken) =>
        await ReferenceVmTarget.CreateAsync(definition, _referenceImage, [], role, progress, cancellationToken, installed: new InstalledSystem(session.Disk, description));

    public override string NoUpdateChannel(string name) =>
        $"{name} was installed from the candidate image: its update is the image's tag 2 in the run's registry, which no update channel of this build stages";

    /// <summary>Nothing to remove: the build and the ISO belong to the cache.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
