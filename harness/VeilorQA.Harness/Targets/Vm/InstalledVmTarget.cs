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
/// image ignores. <see cref="VmBootCycle.CurrentRoute"/> is the route asked for; where the last boot really asked is the
/// <c>luks_unlock</c> fact.
/// </remarks>
public sealed class InstalledVmTarget : ITarget, ILogShare
{
    private readonly VmProfile _definition;
    private readonly Action<string> _progress;
    private readonly GuestMachine _machine;
    private readonly VmBootCycle _boots;
    private readonly VirtualMachine _vm;
    private readonly Secret _passphrase;
    private readonly string _description;
    private readonly AcceleratorChoice _accelerator;
    private readonly ISleep? _sleep;
    private readonly IUpdateChannel? _updateChannel;
    private bool _disposed;

    private InstalledVmTarget(
        VmProfile definition, Action<string> progress, LibvirtConnection connection, MachineFiles files, DomainSpec spec, string shareDirectory,
        Secret passphrase, RunSshKey key, string description, AcceleratorChoice accelerator, IUpdateChannel? updateChannel, string? noUpdateChannel)
    {
        this._definition = definition;
        this._progress = progress;
        this._passphrase = passphrase;
        this._description = description;
        this._accelerator = accelerator;
        this._updateChannel = updateChannel;
        HostDirectory = shareDirectory;
        Redactor.Global.Register(passphrase);
        // The reference guest's SKU words (no faults): images built from vms/reference read them, other images ignore the SKU.
        string SkuFor(LuksPromptRoute route) => ReferenceVmTarget.Sku([], route, spec.Accelerator);
        _machine = GuestMachine.Create(connection, files, VmBootCycle.SpecFor(spec, SkuFor(LuksPromptRoute.Serial), spec.Firmware.SecureBoot, files.Directory), key.PrivateKeyFile);
        _vm = _machine.Vm;
        _boots = new VmBootCycle(_machine, spec, SkuFor, definition.Name, progress);
        _sleep = definition.Suspend ? new PmWakeupSleep(_vm, () => Shell, new SleepBudgets { Resume = Timeouts.Resume }) : null;
        Capabilities = CapabilitiesOf(definition, noUpdateChannel, this);
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

    /// <summary>Power cycles and the Secure Boot state; its <see cref="VmBootCycle.CurrentRoute"/> is the route the last power-on
    /// asked for (the image decides where it really asks: see the remarks).</summary>
    public VmBootCycle Boots => _boots;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accelerator"] = _accelerator.ToString(),
        ["candidate"] = $"installed from {_description}",
        ["domain"] = _vm.Name,
        ["luks_unlock"] = LastUnlock?.Fact ?? "no boot unlocked by the target yet (or a suite answered the last prompt itself)",
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
        var table = VmCapabilityLines.Write(definition, () => live is null ? null : new VmParts(live._machine, live._boots, live, live._sleep));
        var name = table.Owner;
        var notMade = $"{name} is not made yet";
        return noUpdateChannel is null
            ? table.Offer<IUpdateChannel>(() => live?._updateChannel, notMade)
            : table.Lack<IUpdateChannel>(noUpdateChannel);
    }

    public T? Get<T>() where T : class => Capabilities.Get<T>();

    public string WhyMissing<T>() where T : class => Capabilities.WhyMissing<T>();

    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _boots.EnsureReadyAsync(UnlockAndConnectAsync, ConnectAfterSomeoneElseUnlockedAsync, cancellationToken);
    }

    public Task RebootAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _boots.RebootAsync(Timeouts.Command, UnlockAndConnectAsync, cancellationToken);
    }

    public Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default) =>
        _machine.CollectEvidenceAsync(folder, HostDirectory, ReferenceVmTarget.JournalFile, _boots.Phase == VmBootPhase.Ready, cancellationToken);

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

    // The caller (boot-luks) answered the prompt itself: only the shell is left to wait for.
    private Task ConnectAfterSomeoneElseUnlockedAsync(CancellationToken cancellationToken)
    {
        LastUnlock = null;
        return ConnectShellAsync(cancellationToken);
    }

    private Task ConnectShellAsync(CancellationToken cancellationToken) => _machine.ConnectShellAsync(Timeouts.Boot, cancellationToken);
}
