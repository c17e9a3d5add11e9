using System.Diagnostics;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// A system the run installed from an installer ISO and an OCI image it knows nothing else about (veilor-os): the install's
/// disk (through an overlay) booted as the same machine — same UUID, hence the same swtpm state, and a copy of the NVRAM the
/// install left, OVMF with Secure Boot as the profile says. Every boot is unlocked by <see cref="LuksBootUnlock"/>: the
/// prompt answered on the serial console when it is asked there, else typed on the keyboard once the console falls quiet;
/// the shell is SSH as root with the run's own key. It power-cycles (<see cref="IBootCycle"/>), boots with Secure Boot off
/// from a key-less variable store (<see cref="SecureBootOffFirmware"/>), carries the 9p log share
/// <see cref="ReferenceVmTarget.LogsTag"/>, and stages the matrix's update image when the profile names one.
/// </summary>
/// <remarks>
/// The LUKS prompt's route is the image's to decide (its kernel arguments say which consoles exist): the harness asks for a
/// route through the SMBIOS SKU word <c>luks-prompt-screen</c>, which images built from vms/reference honour and any other
/// image ignores. <see cref="CurrentRoute"/> is the route asked for; where the last boot really asked is the
/// <c>luks_unlock</c> fact.
/// </remarks>
public sealed class InstalledVmTarget : ITarget, ILogShare, IBootCycle, ISecureBootSwitch
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromMinutes(2);

    private readonly VmProfile _definition;
    private readonly Action<string> _progress;
    private readonly DomainSpec _baseSpec;
    private readonly string _machineDirectory;
    private readonly GuestMachine _machine;
    private readonly VirtualMachine _vm;
    private readonly Secret _passphrase;
    private readonly string _description;
    private readonly AcceleratorChoice _accelerator;
    private readonly ISleep? _sleep;
    private readonly IUpdateChannel? _updateChannel;
    private Phase _phase = Phase.Off;
    private bool _secureBootEnabled;
    private (LuksPromptRoute Route, bool SecureBoot) _defined;
    private bool _disposed;

    private InstalledVmTarget(
        VmProfile definition, Action<string> progress, LibvirtConnection connection, MachineFiles files, DomainSpec spec, string shareDirectory,
        Secret passphrase, RunSshKey key, string description, AcceleratorChoice accelerator, IUpdateChannel? updateChannel, string? noUpdateChannel)
    {
        this._definition = definition;
        this._progress = progress;
        this._baseSpec = spec;
        this._passphrase = passphrase;
        this._description = description;
        this._accelerator = accelerator;
        this._updateChannel = updateChannel;
        _machineDirectory = files.Directory;
        HostDirectory = shareDirectory;
        Redactor.Global.Register(passphrase);
        _secureBootEnabled = spec.Firmware.SecureBoot;
        _defined = (LuksPromptRoute.Serial, _secureBootEnabled);
        _machine = GuestMachine.Create(connection, files, SpecFor(LuksPromptRoute.Serial), key.PrivateKeyFile);
        _vm = _machine.Vm;
        _sleep = definition.Suspend ? new PmWakeupSleep(_vm, () => Shell, new SleepBudgets { Resume = Timeouts.Resume }) : null;
        Capabilities = CapabilitiesOf(definition, noUpdateChannel, this);
    }

    private enum Phase
    {
        Off,
        AwaitingUnlock,
        Ready,
    }

    public TargetEntry Definition => _definition;

    public CapabilityTable Capabilities { get; }

    public TargetTimeouts Timeouts { get; } = TargetTimeouts.Vm;

    public WifiNetwork? Wifi => _definition.Wifi;

    public Secret? LuksPassphrase => _passphrase;

    public IShell Shell => (IShell?)_machine.Shell ?? throw new InvalidOperationException($"{_definition.Name}: the shell is not connected yet (call EnsureReadyAsync).");

    /// <summary>The libvirt domain (evidence); suites use the capabilities instead.</summary>
    public VirtualMachine Machine => _vm;

    /// <summary>The serial console's timestamped transcript file (passphrases masked).</summary>
    public string TranscriptPath => _machine.TranscriptPath;

    /// <summary>How the last boot this target unlocked itself got its root volume open (null: none yet, or a suite answered).</summary>
    public LuksUnlockOutcome? LastUnlock { get; private set; }

    public string HostDirectory { get; }

    public string Tag => ReferenceVmTarget.LogsTag;

    /// <summary>The route the last power-on asked for (the image decides where it really asks: see the remarks).</summary>
    public LuksPromptRoute CurrentRoute { get; private set; } = LuksPromptRoute.Serial;

    public bool SecureBootEnabled => _secureBootEnabled;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accelerator"] = _accelerator.ToString(),
        ["candidate"] = $"installed from {_description}",
        ["domain"] = _vm.Name,
        ["luks_unlock"] = LastUnlock?.Fact ?? "no boot unlocked by the target yet",
        ["update_channel"] = _updateChannel?.Candidate ?? Capabilities.WhyMissing<IUpdateChannel>(),
        ["emulation_accommodation"] = _accelerator.KvmUsable
            ? "none (KVM)"
            : $"SMBIOS SKU word {ReferenceVmTarget.TcgSlowWord} on every boot: images built from vms/reference relax the soft-lockup and RCU-stall reports under TCG; other images ignore the SKU",
    };

    /// <summary>Defines (does not start) the installed machine from <paramref name="session"/>'s disk, NVRAM and TPM state.</summary>
    /// <param name="definition">The matrix VM profile.</param>
    /// <param name="session">The finished install: its disk is read through an overlay, its NVRAM copied, its UUID (TPM state) kept.</param>
    /// <param name="passphrase">The LUKS passphrase the kickstart set.</param>
    /// <param name="key">The run's SSH key the kickstart authorised for root.</param>
    /// <param name="role">Names the domain and its files.</param>
    /// <param name="description">What was installed ("ISO x + image y@sha256:…"), for facts and reasons.</param>
    /// <param name="updateChannel">Stages the matrix's update image; null when the profile names none.</param>
    /// <param name="noUpdateChannel">Why there is no <paramref name="updateChannel"/> (names the missing matrix key).</param>
    /// <param name="progress">Receives one line per milestone.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    public static async Task<InstalledVmTarget> CreateAsync(
        VmProfile definition, InstallSession session, Secret passphrase, RunSshKey key, string role, string description,
        IUpdateChannel? updateChannel, string? noUpdateChannel, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!File.Exists(session.Files.NvramPath))
        {
            throw new InvalidOperationException($"{definition.Name}: the install left no NVRAM at {session.Files.NvramPath}; the installed disk must boot with the boot entries its install wrote");
        }

        var accelerator = await AcceleratorProbe.ProbeAsync(cancellationToken);
        var connection = LibvirtConnection.Open(definition.LibvirtUri is { } uri ? new LibvirtOptions { Uri = uri } : null);
        MachineFiles? files = null;
        try
        {
            // The install's UUID: libvirt keeps swtpm's state under it, so the installed system sees the TPM the install saw.
            files = MachineFiles.Create(RunId.Current, role, session.Files.Uuid);
            File.Copy(session.Files.NvramPath, files.NvramPath, overwrite: true);
            QemuProcessUser.HandOver(files.NvramPath);
            var overlay = await files.CreateOverlayAsync(session.Disk, DiskFormat.Qcow2, cancellationToken: cancellationToken);
            var share = files.CreateShareDirectory(ReferenceVmTarget.LogsTag);
            var builder = files.SpecBuilder(secureBoot: definition.SecureBoot)
                .WithAccelerator(accelerator.Accelerator)
                .WithMemory(definition.MemoryMib)
                .WithVCpus(definition.Vcpus)
                .WithDisk(overlay)
                .WithShare(share, ReferenceVmTarget.LogsTag)
                .WithUsbController(definition.Usb == UsbController.Xhci)
                .WithSuspendToMem(definition.Suspend)
                .WithVideo(definition.Video)
                .WithUserNetwork()
                .WithSystemInfo("manufacturer", "VeilorQA")
                .WithSystemInfo("product", "installed-system");
            builder = definition.Tpm == TpmVersion.None ? builder.WithoutTpm() : builder.WithTpm();
            var target = new InstalledVmTarget(
                definition, progress, connection, files, builder.Build(), share, passphrase, key, description, accelerator, updateChannel, noUpdateChannel);
            progress($"{definition.Name}: installed disk of {description}, {accelerator}, domain {target._vm.Name} (the install's NVRAM and TPM state), 9p share {ReferenceVmTarget.LogsTag}");
            return target;
        }
        catch
        {
            if (files is not null)
            {
                await files.DisposeAsync();
            }

            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What an installed-system target of <paramref name="definition"/> offers and lacks, written the one way the target
    /// writes it; with <paramref name="live"/> null the offered lines resolve to nothing (readiness checks and tests read the
    /// table without making a VM).
    /// </summary>
    /// <param name="definition">The matrix VM profile.</param>
    /// <param name="noUpdateChannel">Why the target has no update channel; null when the profile names an update image.</param>
    /// <param name="live">The target whose parts the lines offer.</param>
    public static CapabilityTable CapabilitiesOf(VmProfile definition, string? noUpdateChannel, InstalledVmTarget? live = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var name = $"VM target {definition.Name}";
        var notMade = $"{name} is not made yet";
        var table = new CapabilityTable(name)
            .Offer<IShell>(() => live?._machine.Shell, $"{name} is not booted yet")
            .Offer<ISerialConsole>(() => live?._machine.Console, notMade)
            .Offer<IKeyboard>(() => live?._vm, notMade)
            .Offer<IScreen>(() => live?._vm, notMade)
            .Offer<IPower>(() => live?._vm, notMade);
        table = definition.Suspend ? table.Offer<ISleep>(() => live?._sleep, notMade) : table.Lack<ISleep>($"{name} has suspend: false");
        table = definition.Usb == UsbController.Xhci ? table.Offer<IUsbPort>(() => live?._vm, notMade) : table.Lack<IUsbPort>($"{name} has no USB controller (usb: none)");
        table = table
            .Offer<ILogShare>(() => live, notMade)
            .Offer<IBootCycle>(() => live, notMade);
        table = definition.SecureBoot
            ? table.Offer<ISecureBootSwitch>(() => live, notMade)
            : table.Lack<ISecureBootSwitch>($"{name} has secure_boot: false: there is no Secure Boot to switch");
        return noUpdateChannel is null
            ? table.Offer<IUpdateChannel>(() => live?._updateChannel, notMade)
            : table.Lack<IUpdateChannel>(noUpdateChannel);
    }

    public T? Get<T>() where T : class => Capabilities.Get<T>();

    public string WhyMissing<T>() where T : class => Capabilities.WhyMissing<T>();

    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        switch (_phase)
        {
            case Phase.Off:
                var clock = Stopwatch.StartNew();
                await PowerCycleAsync(LuksPromptRoute.Serial, cancellationToken);
                await UnlockAndConnectAsync(clock, cancellationToken);
                break;
            case Phase.AwaitingUnlock:
                // The caller (boot-luks) answered the prompt itself: only the shell is left to wait for.
                LastUnlock = null;
                await ConnectShellAsync(cancellationToken);
                break;
            case Phase.Ready when _vm.State.State == DomainState.ShutOff:
                _phase = Phase.Off;
                await EnsureReadyAsync(cancellationToken);
                break;
        }
    }

    public async Task RebootAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        if (_phase != Phase.Ready || CurrentRoute != LuksPromptRoute.Serial || _defined.SecureBoot != _secureBootEnabled)
        {
            // A firmware or route change needs a new power-on; a boot nobody unlocked is powered off and on again.
            await PowerCycleAsync(LuksPromptRoute.Serial, cancellationToken);
            await UnlockAndConnectAsync(clock, cancellationToken);
            return;
        }

        await _machine.ForgetConsoleOutputAsync(cancellationToken);

        // Detached so that the SSH command returns before sshd stops.
        await Shell.RunAsync("systemd-run --on-active=2 --no-block systemctl reboot", Timeouts.Command, cancellationToken);
        _phase = Phase.AwaitingUnlock;
        await UnlockAndConnectAsync(clock, cancellationToken);
    }

    /// <summary>
    /// Shuts the installed system down and powers it on, asking for the prompt on <paramref name="route"/> through the SKU
    /// word images built from vms/reference read; an image that ignores it asks where its own kernel arguments say.
    /// </summary>
    public async Task PowerCycleAsync(LuksPromptRoute route, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (await _machine.ShutdownAsync(ShutdownGrace, cancellationToken) is { } shutdown)
        {
            _progress($"{_definition.Name}: {shutdown}");
        }

        _phase = Phase.Off;
        if ((route, _secureBootEnabled) != _defined)
        {
            _vm.ReplaceDefinition(DomainXmlWriter.Write(SpecFor(route)));
            _defined = (route, _secureBootEnabled);
        }

        CurrentRoute = route;
        await _machine.ForgetConsoleOutputAsync(cancellationToken);
        await _vm.PowerOnAsync(cancellationToken);
        _phase = Phase.AwaitingUnlock;
        _progress($"{_definition.Name}: powered on from the installed disk (Secure Boot {(_secureBootEnabled ? "on" : "off")}, LUKS prompt asked on the {(route == LuksPromptRoute.Serial ? "serial console" : "screen")})");
    }

    public Task SetSecureBootAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (enabled && !_baseSpec.Firmware.SecureBoot)
        {
            throw new CapabilityMissingException("Secure Boot", $"{_definition.Name} has secure_boot: false");
        }

        if (enabled != _secureBootEnabled)
        {
            _secureBootEnabled = enabled;
            _progress($"{_definition.Name}: Secure Boot {(enabled ? "on (the install's NVRAM)" : "off (UEFI variables without keys)")} from the next power-on");
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default) =>
        _machine.CollectEvidenceAsync(folder, HostDirectory, ReferenceVmTarget.JournalFile, _phase == Phase.Ready, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _machine.DisposeAsync();
    }

    public override string ToString() => $"{_definition.Name} ({_vm.Name}, installed)";

    private DomainSpec SpecFor(LuksPromptRoute route) =>
        _baseSpec with
        {
            Smbios = _baseSpec.Smbios with { System = new Dictionary<string, string>(_baseSpec.Smbios.System) { ["sku"] = ReferenceVmTarget.Sku([], route, _baseSpec.Accelerator) } },
            Firmware = _secureBootEnabled || !_baseSpec.Firmware.SecureBoot ? _baseSpec.Firmware : SecureBootOffFirmware.Of(_baseSpec.Firmware, _machineDirectory),
        };

    private async Task UnlockAndConnectAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var unlock = await new LuksBootUnlock(_machine.Console, _vm).UnlockAsync(_passphrase, Timeouts.Boot, cancellationToken);
        LastUnlock = unlock;
        if (unlock.How == LuksUnlockStep.TypeOnKeyboard)
        {
            _progress($"{_definition.Name}: the serial console fell quiet without a prompt: the passphrase was typed on the keyboard ({unlock.KeyboardAttempts} attempt(s))");
        }

        await ConnectShellAsync(cancellationToken);
        _progress($"{_definition.Name}: LUKS: {unlock.Fact}; shell after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task ConnectShellAsync(CancellationToken cancellationToken)
    {
        await _machine.ConnectShellAsync(Timeouts.Boot, cancellationToken);
        _phase = Phase.Ready;
    }
}
