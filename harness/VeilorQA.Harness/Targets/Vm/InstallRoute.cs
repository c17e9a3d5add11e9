using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// What differs between the installs an <see cref="InstallingVmTarget"/> runs: where the ISO, the image and the secrets come
/// from, and how the installed disk boots. The reference route (<c>refiso</c>) installs the reference guest's candidate with
/// its build's passphrase and key and boots it as the reference guest; the image route (<c>veilor-vm</c>) installs any OCI
/// image from any installer ISO with a passphrase from the environment and a per-run key. The target does the rest the same
/// way for both: the run's registry, the kickstart, the install session, the evidence.
/// </summary>
public abstract class InstallRoute : IAsyncDisposable
{
    /// <summary>The installer ISO on this machine, its sha256 already checked.</summary>
    public abstract string IsoPath { get; }

    /// <summary>Its sha256 (lower-case hex).</summary>
    public abstract string IsoSha256 { get; }

    /// <summary>Where it was downloaded from, when it was.</summary>
    public virtual Uri? IsoUrl => null;

    /// <summary>The ISO's volume label, when known (direct kernel boot needs it).</summary>
    public virtual string? VolumeLabel => null;

    /// <summary>The LUKS passphrase the kickstart sets (registered with the redactor).</summary>
    public abstract Secret Passphrase { get; }

    /// <summary>Where the passphrase came from ("environment VEILORQA_…", "reference build HASH (FILE)"): the repro bundle names it.</summary>
    public abstract string PassphraseSource { get; }

    /// <summary>The image (<c>REPO@sha256:…</c>) the install will name, before the push says which digest it got.</summary>
    public abstract string PlannedImage { get; }

    /// <summary>Facts for the report: the installer and the candidate.</summary>
    public abstract (string Installer, string Candidate) Describe(string? pushedImage);

    /// <summary>The public SSH key line for the kickstart's <c>sshkey</c>.</summary>
    public abstract Task<string> SshPublicKeyAsync(CancellationToken cancellationToken);

    /// <summary>Copies the image into the run's registry; returns the reference the kickstart names (<c>REPO@sha256:…</c>) and its digest.</summary>
    public abstract Task<(string Image, string Digest)> PushAsync(LocalRegistry registry, Action<string> progress, CancellationToken cancellationToken);

    /// <summary>Defines (does not boot) the installed system on the disk <paramref name="session"/> wrote.</summary>
    public abstract Task<ITarget> CreateInstalledSystemAsync(VmProfile definition, InstallSession session, string description, string role, Action<string> progress, CancellationToken cancellationToken);

    /// <summary>Why the installing target offers no update channel (its installed system decides when it exists).</summary>
    public abstract string NoUpdateChannel(string name);

    /// <summary>Removes what the route made for the run (its SSH key folder); the registry and the VMs are the target's.</summary>
    public abstract ValueTask DisposeAsync();
}
