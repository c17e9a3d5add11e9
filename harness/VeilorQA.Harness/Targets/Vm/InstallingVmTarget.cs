using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Faults;
using VeilorQA.Harness.Install.Image;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// A VM the run installs itself (issue 11): an installer ISO installs an OCI image, pushed by digest into a local registry
/// started for the run (Testcontainers), from a kickstart rendered from vms/kickstart/veilor.ks.in on an OEMDRV volume; the
/// ISO boots unmodified under Secure Boot. The install runs once, when the install suite asks for it or when the first
/// other suite needs the system; the installed disk then boots and every release suite runs on it. A failed install is an
/// outcome the install suite judges, never a harness error. Where the ISO, the image and the secrets come from, and how the
/// installed disk boots, is the <see cref="InstallRoute"/>'s: the reference installer route (<c>refiso</c>: the reference
/// guest's candidate, booted as the reference guest) or the image route (<c>veilor-vm</c>: any ISO and OCI image, a
/// passphrase from the environment, a per-run SSH key, booted as an <see cref="InstalledVmTarget"/>).
/// </summary>
public sealed class InstallingVmTarget : ITarget, IInstallation
{
    private readonly VmProfile _definition;
    private readonly InstallRoute _route;
    private readonly InstallFault? _fault;
    private readonly InstallOverrides _overrides;
    private readonly string _role;
    private readonly Action<string> _progress;
    private readonly AcceleratorChoice _accelerator;
    private readonly LibvirtConnection _connection;
    private readonly Secret _passphrase;
    private readonly SemaphoreSlim _installing = new(1, 1);
    private LocalRegistry? _registry;
    private InstallSession? _session;
    private ITarget? _system;
    private string? _pushedImage;
    private string? _pushedDigest;
    private bool _disposed;

    private InstallingVmTarget(
        VmProfile definition, InstallRoute route, InstallFault? fault,
        string role, Action<string> progress, AcceleratorChoice accelerator, LibvirtConnection connection, InstallOverrides overrides)
    {
        this._overrides = overrides;
        this._definition = definition;
        this._route = route;
        this._fault = fault;
        this._role = role;
        this._progress = progress;
        this._accelerator = accelerator;
        this._connection = connection;
        _passphrase = route.Passphrase;
        Redactor.Global.Register(_passphrase);
        var name = $"VM target {definition.Name}";
        var notInstalled = $"{name} is not installed yet (or its install failed)";
        // Everything but the installation is the installed system's, once it is booted: its table says what it offers and why not.
        Capabilities = new CapabilityTable(name)
            .Offer<IInstallation>(this)
            .Offer(() => _system?.Get<IUpdateChannel>(), route.NoUpdateChannel(name)) // a line only for the route's reason
            .DelegateRest(() => _system, notInstalled);
    }

    public TargetEntry Definition => _definition;

    public CapabilityTable Capabilities { get; }

    public TargetTimeouts Timeouts { get; } = TargetTimeouts.Vm;

    public WifiNetwork? Wifi => _definition.Wifi;

    public Secret? LuksPassphrase => _passphrase;

    public IShell Shell => _system?.Shell ?? throw new InvalidOperationException($"{_definition.Name}: the installed system is not booted yet (call EnsureReadyAsync).");

    public InstallOutcome? Outcome => _session?.Outcome;

    public string PushedImage => _pushedImage ?? _route.PlannedImage;

    public string PushedDigest => _pushedDigest ?? (_route is ReferenceInstallRoute reference ? reference.Candidate.Digests.V1 : "(not pushed yet)");

    public KickstartDocument? Kickstart { get; private set; }

    string? IInstallation.Fault => _fault?.Name;

    /// <summary>The installed system, once booted (evidence, benchmarks): a <see cref="ReferenceVmTarget"/> or an <see cref="InstalledVmTarget"/>.</summary>
    public ITarget? InstalledSystem => _system;

    /// <summary>Where the ISO, the image and the secrets come from.</summary>
    public InstallRoute Route => _route;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts
    {
        get
        {
            var (installerFact, candidateFact) = _route.Describe(_pushedImage);
            var facts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["accelerator"] = _accelerator.ToString(),
                ["installer"] = installerFact,
                ["candidate"] = candidateFact,
            };
            if (_fault is not null)
            {
                facts["install_fault"] = _fault.Name;
            }

            if (Outcome is { } outcome)
            {
                facts["install"] = outcome.Succeeded ? $"completed in {outcome.Elapsed.TotalSeconds:0} s" : $"failed after {outcome.Elapsed.TotalSeconds:0} s: {outcome.Failure}";
            }

            foreach (var fact in new[] { "domain", "luks_unlock", "update_channel" })
            {
                if (_system is not null && _system.Facts.TryGetValue(fact, out var value))
                {
                    facts[fact] = value;
                }
            }

            return facts;
        }
    }

    /// <summary>Builds (or finds cached) the reference guest with its candidate image and the installer ISO; nothing is started.</summary>
    /// <exception cref="LibvirtException">libvirtd is not reachable (the message names the socket).</exception>
    public static async Task<InstallingVmTarget> CreateAsync(
        VmProfile definition, ReferenceGuestImage referenceImage, InstallerIso installerIso, IReadOnlyList<string> faults, string role,
        Action<string> progress, CancellationToken cancellationToken, InstallOverrides? overrides = null)
    {
        overrides ??= InstallOverrides.None;
        if (overrides.Fault is { } replayed && !faults.Contains(replayed))
        {
            faults = [.. faults, replayed];
        }

        if (definition.Firmware != Firmware.Uefi || definition.Network != NetworkMode.User)
        {
            throw new NotSupportedException($"target '{definition.Name}': the reference installer needs firmware: uefi and network: user (its ISO boots through shim; the guest reaches the registry as 10.0.2.2)");
        }

        var installFaults = faults.Select(f => InstallFault.Find(f) ?? throw new NotSupportedException(
            $"target '{definition.Name}': fault '{f}' is not an install fault ({string.Join(", ", InstallFault.Names)}); the installed system takes no reference-guest faults")).ToList();
        if (installFaults.Count > 1)
        {
            throw new NotSupportedException($"target '{definition.Name}': one install fault per run (an install stops at its first failure), not {string.Join(", ", faults)}");
        }

        var build = await referenceImage.EnsureBuiltAsync(force: false, passphraseFile: null, progress, cancellationToken);
        var iso = await installerIso.EnsureBuiltAsync(force: false, progress, cancellationToken);
        var route = new ReferenceInstallRoute(referenceImage, build, iso, overrides);
        var accelerator = await AcceleratorProbe.ProbeAsync(cancellationToken);
        var connection = LibvirtConnection.Open(definition.LibvirtUri is { } uri ? new LibvirtOptions { Uri = uri } : null);
        var target = new InstallingVmTarget(definition, route, installFaults.SingleOrDefault(), role, progress, accelerator, connection, overrides);
        progress($"{definition.Name}: installs {CandidateImage.Repository}@{route.Candidate.Digests.V1[..19]}… from ISO {Path.GetFileName(route.IsoPath)}, {accelerator}"
                 + (target._fault is null ? string.Empty : $", install fault {target._fault.Name}"));
        return target;
    }

    /// <summary>
    /// The image route (<c>veilor-vm</c>): installs <paramref name="image"/> from the ISO of <paramref name="iso"/>. Everything
    /// that needs no VM is checked here, before anything starts: the passphrase's environment variable (or file), the
    /// registry credentials' variables, the ISO's sha256 (after a download when the artifact has a URL); the run's SSH key
    /// is generated.
    /// </summary>
    /// <exception cref="InvalidOperationException">A secret is missing or the ISO is not the pinned one (the message names artifact, field and variable).</exception>
    /// <exception cref="NotSupportedException">The profile or the faults cannot work on this route.</exception>
    public static async Task<InstallingVmTarget> CreateAsync(
        VmProfile definition, IsoArtifact iso, OciImageArtifact image, IReadOnlyList<string> faults, string role,
        Action<string> progress, CancellationToken cancellationToken, Func<string, string?>? environment = null, OciImageArtifact? update = null)
    {
        if (definition.Firmware != Firmware.Uefi || definition.Network != NetworkMode.User)
        {
            throw new NotSupportedException($"target '{definition.Name}': an install from an ISO needs firmware: uefi and network: user (OVMF with Secure Boot; the guest reaches the run's registry as 10.0.2.2 and the harness its SSH through the forward)");
        }

        if (faults.Count > 0)
        {
            throw new NotSupportedException($"target '{definition.Name}': faults ({string.Join(", ", faults)}) are switched on by the reference installer and the reference guest only; '{iso.Name}' and '{image.Name}' take none");
        }

        var route = await ImageInstallRoute.CreateAsync(iso, image, role, progress, cancellationToken, environment, update);
        try
        {
            var accelerator = await AcceleratorProbe.ProbeAsync(cancellationToken);
            var connection = LibvirtConnection.Open(definition.LibvirtUri is { } uri ? new LibvirtOptions { Uri = uri } : null);
            var target = new InstallingVmTarget(definition, route, null, role, progress, accelerator, connection, InstallOverrides.None);
            progress($"{definition.Name}: installs {InstallImageSource.Of(image)} from ISO {Path.GetFileName(route.IsoPath)} (sha256 checked), {accelerator}");
            return target;
        }
        catch
        {
            await route.DisposeAsync();
            throw;
        }
    }

    public T? Get<T>() where T : class => Capabilities.Get<T>();

    public string WhyMissing<T>() where T : class => _system?.Capabilities.Mentioned.Contains(typeof(T)) == true ? _system.WhyMissing<T>() : Capabilities.WhyMissing<T>();

    public async Task<InstallOutcome> InstallAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _installing.WaitAsync(cancellationToken);
        try
        {
            if (_session?.Outcome is { } done)
            {
                return done;
            }

            var plan = await PrepareAsync(cancellationToken);
            _session ??= await InstallSession.CreateAsync(plan, _connection, MachineFiles.Create(RunId.Current, InstallRole(_role)), _progress, cancellationToken);
            return await _session.RunAsync(cancellationToken);
        }
        finally
        {
            _installing.Release();
        }
    }

    public async Task<DiskBootObservation> BootDiskAloneAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        if (_session?.Outcome is null)
        {
            throw new InvalidOperationException($"{_definition.Name}: nothing was installed yet: run the install first");
        }

        if (_system is not null)
        {
            throw new InvalidOperationException($"{_definition.Name}: the installed system is running from this disk; boot the disk alone only after a failed install");
        }

        return await _session.BootDiskAloneAsync(limit, cancellationToken);
    }

    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcome = await InstallAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InstallFailedException(_definition.Name, outcome);
        }

        _system ??= await _route.CreateInstalledSystemAsync(_definition, _session!, $"{Path.GetFileName(_route.IsoPath)} + {PushedImage}", _role, _progress, cancellationToken);

        await _system.EnsureReadyAsync(cancellationToken);
    }

    public Task RebootAsync(CancellationToken cancellationToken = default) =>
        (_system ?? throw new InvalidOperationException($"{_definition.Name}: the installed system is not booted yet")).RebootAsync(cancellationToken);

    public async Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var evidence = new List<EvidenceFile>();
        if (Outcome is { } outcome)
        {
            var artifacts = outcome.Artifacts;
            Add("installer serial console", artifacts.SerialTranscript, "text/plain");
            Add("Anaconda log (virtio-serial org.fedoraproject.anaconda.log.0)", artifacts.AnacondaLog, "text/plain");
            Add("kickstart (secrets masked)", artifacts.KickstartMasked, "text/plain");
            Add("install domain XML", artifacts.DomainXml, "application/xml");
            foreach (var shot in artifacts.Screenshots)
            {
                Add($"installer screen ({Path.GetFileNameWithoutExtension(shot)})", shot, "image/png");
            }

            var phases = Path.Combine(folder, "install-phases.txt");
            await File.WriteAllLinesAsync(phases,
                outcome.Phases.Select(p => $"{p.At:HH:mm:ss} {p.Phase}: {p.Line.Trim()}")
                    .Append(outcome.Succeeded ? "install completed" : $"install FAILED: {outcome.Failure}")
                    .Concat(outcome.Failure?.Evidence.Select(e => "  " + e) ?? []),
                cancellationToken);
            evidence.Add(new EvidenceFile("install phases and failure", phases, "text/plain"));
        }

        if (_system is not null)
        {
            evidence.AddRange(await _system.CollectEvidenceAsync(Path.Combine(folder, "installed-system"), cancellationToken));
        }

        return evidence;

        void Add(string name, string? path, string mediaType)
        {
            if (path is not null && File.Exists(path))
            {
                var copy = Path.Combine(folder, Path.GetFileName(path));
                File.Copy(path, copy, overwrite: true);
                evidence.Add(new EvidenceFile(name, copy, mediaType));
            }
        }
    }

    /// <summary>Keeps the install's disk, NVRAM, TPM state and logs when the target is disposed (repro bundles).</summary>
    public void KeepInstall() => _session?.Keep();

    /// <summary>The install session (its folder and files), once the install was prepared.</summary>
    public InstallSession? Session => _session;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        await _route.DisposeAsync();
        _connection.Dispose();
        _installing.Dispose();
    }

    public override string ToString() => $"{_definition.Name} (installs from {Path.GetFileName(_route.IsoPath)})";

    /// <summary>
    /// The install VM's role: the run's, cut so that with its disk-alone sibling (<c>-bare</c>) the domain name stays within
    /// libvirt's 64 characters (<c>veilorqa-</c> + 16-character run id + <c>-</c> + role).
    /// </summary>
    public static string InstallRole(string role) => (role.Length > 27 ? role[..27].TrimEnd('-') : role) + "-inst";

    private static int UnusedLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task<InstallPlan> PrepareAsync(CancellationToken cancellationToken)
    {
        _registry ??= await LocalRegistry.StartAsync(RegistryMode.Plain, RunId.Current, cancellationToken: cancellationToken);
        (_pushedImage, _pushedDigest) = await _route.PushAsync(_registry, _progress, cancellationToken);
        _progress($"{_definition.Name}: candidate pushed to {_registry.Address} (the guest sees {_registry.GuestAddress}): {_pushedImage}");
        if (_fault?.Kind == InstallFaultKind.DigestMismatch)
        {
            await CorruptConfigBlobAsync(RegistryTarget.Of(_registry), cancellationToken);
        }

        var (text, masked, kickstartSource, passphraseSource) = await KickstartTextAsync(cancellationToken);
        var unused = UnusedLoopbackPort();
        text = _fault?.ApplyToKickstart(text, unused) ?? text;
        masked = _fault?.ApplyToKickstart(masked, unused) ?? masked;
        if (_fault is null || _fault.KickstartPreChecked)
        {
            // Bad input fails here, with its line, before any VM starts.
            Kickstart = KickstartParser.Parse(text, _overrides.KickstartFile ?? InstallSession.KickstartFileName, [_passphrase]);
        }

        var diskGib = _fault?.DiskSizeGib(_definition.Disks[0].SizeGib) ?? _definition.Disks[0].SizeGib;
        // inst.veilorqa.test: LUKS with a light argon2id (cryptsetup's own default benchmarks for seconds of an emulated CPU
        // and wants up to 1 GiB); error-sleep 5 s instead of Anaconda's 180 s before the power-off that ends a failed install.
        var words = new List<string> { "inst.veilorqa.test", "inst.veilorqa.error-sleep=5" };
        words.AddRange(_fault?.InstallerArguments ?? []);
        var inputs = new InstallInputs(
            _route.IsoPath, _route.IsoSha256, _route.IsoUrl, kickstartSource,
            $"{_registry.GuestAddress}/{_pushedImage}", _pushedDigest, passphraseSource, KickstartDelivery.Oemdrv,
            words, diskGib, Math.Max(_definition.MemoryMib, 2048), _definition.Vcpus, _definition.SecureBoot, _fault?.Name);
        var timeout = _accelerator.KvmUsable ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(60);
        return new InstallPlan(inputs, new Secret(text), masked, _accelerator, timeout, Tpm: _definition.Tpm != TpmVersion.None, VolumeLabel: _route.VolumeLabel);
    }

    // veilor's template (or the user's: one with @…@ fields) filled for this run, or the user's finished kickstart as it is.
    private async Task<(string Text, string Masked, string Source, string PassphraseSource)> KickstartTextAsync(CancellationToken cancellationToken)
    {
        var template = _overrides.KickstartFile is { } file ? KickstartTemplate.Load(file) : KickstartTemplate.FromRepository();
        var source = _overrides.KickstartFile is null ? $"template {KickstartTemplate.RelativePath}" : Path.GetFullPath(_overrides.KickstartFile);
        if (_overrides.KickstartFile is not null && !template.Text.Contains("@IMAGE_URL@", StringComparison.Ordinal))
        {
            var given = KickstartParser.Parse(template.Text, _overrides.KickstartFile);
            foreach (var secret in given.Partitions.Select(p => p.Passphrase).OfType<Secret>())
            {
                Redactor.Global.Register(secret);
            }

            return (template.Text, Redactor.Global.Redact(template.Text), source, $"kickstart {source} (its own --passphrase)");
        }

        var parameters = new KickstartParameters(_registry!.GuestAddress, PinnedImageReference.Parse(_pushedImage!), _passphrase,
            await _route.SshPublicKeyAsync(cancellationToken), "vda", EndAction.Poweroff);
        var rendered = KickstartRenderer.Render(template, parameters);
        return (rendered.Text.Reveal(), rendered.MaskedText, source, _route.PassphraseSource);
    }

    // The pull's digest check must fail: flip one byte of the image's config blob in the registry's storage.
    private async Task CorruptConfigBlobAsync(RegistryTarget target, CancellationToken cancellationToken)
    {
        var raw = await ExternalCommand.RunCheckedAsync("skopeo",
            ["inspect", "--raw", .. target.SkopeoOptions(string.Empty), $"docker://{target.Reference(_pushedDigest!)}"], TimeSpan.FromMinutes(2), cancellationToken: cancellationToken);
        var config = JsonDocument.Parse(raw).RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var hex = config["sha256:".Length..];
        var blob = Path.Combine(_registry!.StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        var bytes = await File.ReadAllBytesAsync(blob, cancellationToken);
        bytes[Math.Min(10, bytes.Length - 1)] ^= 0x20;
        await File.WriteAllBytesAsync(blob, bytes, cancellationToken);
        _progress($"{_definition.Name}: install fault {_fault!.Name}: one byte of config blob {config[..19]}… changed in the registry's storage");
    }
}
