using System.Diagnostics;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The reference guest (issue 4) as a target: one libvirt VM on a fresh overlay of the cached build,
/// Secure Boot through OVMF → shim → grub, swtpm TPM 2.0, the 9p log share, faults chosen per boot
/// through the SMBIOS SKU. The LUKS passphrase is typed over the serial console unless a suite routes
/// the prompt to the screen.
/// </summary>
public sealed class ReferenceVmTarget : ITarget, ILogShare
{
    /// <summary>The 9p mount tag the guest's veilorqa-logs.service mounts.</summary>
    public const string LogsTag = "veilorqa-logs";

    /// <summary>The file the guest streams this boot's journal into, in the share's root.</summary>
    public const string JournalFile = "journal.log";

    /// <summary>
    /// The SKU word with which the guest's grub adds <c>watchdog_thresh=60</c> (soft lockup reported after 120 s instead of
    /// 20 s). Set only under TCG: fbcon/DRM redrawing the text console on the emulated framebuffer of a screen-route boot,
    /// with another guest busy on the second host core, held a CPU for 23 s there — emulation slowness, not veilor-os.
    /// </summary>
    public const string TcgSlowWord = "tcg-slow";

    /// <summary>The kernel argument <see cref="TcgSlowWord"/> adds.</summary>
    public const string TcgSlowKernelArgument = "watchdog_thresh=60";

    /// <summary>The second kernel argument <see cref="TcgSlowWord"/> adds: RCU stalls reported after 120 s instead of 21 s (seen in NetworkManager's virtnet_open on a loaded host).</summary>
    public const string TcgSlowRcuArgument = "rcupdate.rcu_cpu_stall_timeout=120";

    private readonly VmProfile _definition;
    private readonly ReferenceGuestBuild _build;
    private readonly IReadOnlyList<string> _faults;
    private readonly Action<string> _progress;
    private readonly GuestMachine _machine;
    private readonly VmBootCycle _boots;
    private readonly VirtualMachine _vm;
    private readonly Secret _passphrase;
    private readonly InstalledSystem? _installed;
    private readonly ISleep? _sleep;
    private readonly IUpdateChannel? _updateChannel;
    private bool _disposed;

    private ReferenceVmTarget(
        VmProfile definition, ReferenceGuestBuild build, IReadOnlyList<string> faults, Action<string> progress,
        LibvirtConnection connection, MachineFiles files, DomainSpec baseSpec, string shareDirectory, AcceleratorChoice accelerator, InstalledSystem? installed)
    {
        this._installed = installed;
        this._definition = definition;
        this._build = build;
        this._faults = faults;
        this._progress = progress;
        HostDirectory = shareDirectory;
        Accelerator = accelerator;
        _passphrase = build.ReadPassphrase();

        // Registered where it is read, not where it is first typed: a keyboard-typed unlock or an error naming a
        // command line must find it masked too.
        Redactor.Global.Register(_passphrase);
        string SkuFor(LuksPromptRoute route) => Sku(faults, route, baseSpec.Accelerator);
        _machine = GuestMachine.Create(
            connection, files, VmBootCycle.SpecFor(baseSpec, SkuFor(LuksPromptRoute.Serial), baseSpec.Firmware.SecureBoot, files.Directory), build.SshPrivateKey);
        _vm = _machine.Vm;
        _boots = new VmBootCycle(_machine, baseSpec, SkuFor, definition.Name, progress);
        _sleep = definition.Suspend ? new PmWakeupSleep(_vm, () => Shell, new SleepBudgets { Resume = Timeouts.Resume }) : null;
        _updateChannel = installed is null ? new ReferenceUpdateChannel(build, TimeSpan.FromMinutes(5)) : null;
        Capabilities = CapabilitiesOf(definition, installed, this);
    }

    public TargetEntry Definition => _definition;

    public CapabilityTable Capabilities { get; }

    public TargetTimeouts Timeouts { get; } = TargetTimeouts.Vm;

    public WifiNetwork? Wifi => _definition.Wifi;

    public Secret? LuksPassphrase => _passphrase;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accelerator"] = Accelerator.ToString(),
        ["candidate"] = _installed is null
            ? $"reference guest, recipe {_build.RecipeHash} (ostree v1 {_build.CommitV1[..12]}, update v2 {_build.CommitV2[..12]})"
            : $"installed from {_installed.Description}",
        ["domain"] = _vm.Name,
        ["luks_unlock"] = LastUnlock?.Fact ?? "no boot unlocked by the target yet",
        ["emulation_accommodation"] = Accelerator.KvmUsable
            ? "none (KVM)"
            : $"{TcgSlowKernelArgument} {TcgSlowRcuArgument} on every boot (SMBIOS SKU word {TcgSlowWord}): under TCG the guest kernel reports a soft lockup " +
              "after 120 s instead of 20 s, because redrawing the console on the emulated framebuffer can hold a CPU for > 20 s on a busy host; " +
              "longer lockups are still reported",
    };

    public IShell Shell => (IShell?)_machine.Shell ?? throw new InvalidOperationException($"{_definition.Name}: the shell is not connected yet (call EnsureReadyAsync).");

    /// <summary>The libvirt domain (evidence, benchmarks); suites use the capabilities instead.</summary>
    public VirtualMachine Machine => _vm;

    /// <summary>KVM or TCG, and why.</summary>
    public AcceleratorChoice Accelerator { get; }

    /// <summary>The SMBIOS SKU words of the faults switched on for every boot of this target.</summary>
    public IReadOnlyList<string> Faults => _faults;

    public string HostDirectory { get; }

    public string Tag => LogsTag;

    /// <summary>Whether the last boot this target unlocked itself showed the LUKS prompt (false: the volume opened without asking).</summary>
    public bool? LastBootPrompted => LastUnlock?.Prompted;

    /// <summary>How the last boot this target unlocked itself got its root volume open (the <c>luks_unlock</c> fact).</summary>
    public LuksUnlockOutcome? LastUnlock { get; private set; }

    /// <summary>The serial console's timestamped transcript file (passphrases masked).</summary>
    public string TranscriptPath => _machine.TranscriptPath;

    /// <summary>Power-on → LUKS prompt and power-on → shell of the last boot this target unlocked itself (benchmarks).</summary>
    public (TimeSpan ToPrompt, TimeSpan ToShell)? LastBootTimings { get; private set; }

    /// <summary>Builds the reference guest when the cache lacks it, then defines (not starts) the VM.</summary>
    /// <exception cref="LibvirtException">libvirtd is not reachable (the message names the socket).</exception>
    /// <param name="definition">The matrix VM profile (memory, vCPUs, video, TPM, USB, suspend, wifi).</param>
    /// <param name="image">The reference guest recipe and its build cache.</param>
    /// <param name="faults">SKU words of the faults for every boot.</param>
    /// <param name="role">Names the domain and its files (<c>veilorqa-RUN-role</c>).</param>
    /// <param name="progress">Receives one line per milestone.</param>
    /// <param name="cancellationToken">Cancels the build and the set-up.</param>
    /// <param name="sshHostPort">A fixed 127.0.0.1 port for the guest's SSH (e.g. for a laptop-style entry reaching it); null picks a free one.</param>
    /// <param name="installed">A system the run installed: boot its disk instead of the build's (the build gives the passphrase and SSH key its kickstart used).</param>
    public static async Task<ReferenceVmTarget> CreateAsync(
        VmProfile definition, ReferenceGuestImage image, IReadOnlyList<string> faults, string role, Action<string> progress, CancellationToken cancellationToken,
        int? sshHostPort = null, InstalledSystem? installed = null)
    {
        var build = await image.EnsureBuiltAsync(force: false, passphraseFile: null, progress, cancellationToken);
        var accelerator = await AcceleratorProbe.ProbeAsync(cancellationToken);
        // The target's own libvirt (libvirt_uri: a remote KVM host, pinned), else the preflight's and the reaper's
        // (VEILORQA_LIBVIRT_URI, else qemu:///system).
        var connection = LibvirtConnection.Open(definition.LibvirtUri is { } uri ? new LibvirtOptions { Uri = uri } : null);
        MachineFiles? files = null;
        try
        {
            files = MachineFiles.Create(RunId.Current, role);

            // The profile shapes the domain: the first disk is the reference image grown to its size, the others blank
            // disks; UEFI (the only firmware the matrix allows for the reference guest) with Secure Boot as the profile says.
            if (definition.Firmware != Firmware.Uefi || definition.Network != NetworkMode.User)
            {
                throw new NotSupportedException($"target '{definition.Name}': the reference guest needs firmware: uefi and network: user (it boots through shim and is reached over its SSH forward)");
            }

            // An installed system boots from the disk its install wrote (the build then gives only the passphrase and SSH key
            // the kickstart used); otherwise from the build's pre-installed disk.
            var overlay = await files.CreateOverlayAsync(installed?.Disk ?? build.Disk, DiskFormat.Qcow2, virtualSizeBytes: GiB(definition.Disks[0].SizeGib), cancellationToken: cancellationToken);
            var share = files.CreateShareDirectory(LogsTag);
            var builder = files.SpecBuilder(secureBoot: definition.SecureBoot)
                .WithAccelerator(accelerator.Accelerator)
                .WithMemory(definition.MemoryMib)
                .WithVCpus(definition.Vcpus)
                .WithDisk(overlay);
            for (var i = 1; i < definition.Disks.Count; i++)
            {
                var blank = await files.CreateBlankDiskAsync($"disk{i}.qcow2", GiB(definition.Disks[i].SizeGib), cancellationToken);
                builder = builder.WithDisk(blank, serial: $"veilorqa-disk{i}");
            }

            builder = builder
                .WithShare(share, LogsTag)
                .WithUsbController(definition.Usb == UsbController.Xhci)
                .WithSuspendToMem(definition.Suspend)
                .WithVideo(definition.Video)
                .WithUserNetwork(sshHostPort)
                .WithSystemInfo("manufacturer", "VeilorQA")
                .WithSystemInfo("product", "reference-guest");
            builder = definition.Tpm == TpmVersion.None ? builder.WithoutTpm() : builder.WithTpm();
            var target = new ReferenceVmTarget(definition, build, faults, progress, connection, files, builder.Build(), share, accelerator, installed);
            progress($"{definition.Name}: reference guest {build.RecipeHash}, {accelerator}, faults [{string.Join(", ", faults)}], domain {target._vm.Name}");
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
    /// The SKU for a boot: <c>veilorqa</c>, the faults, <c>luks-prompt-screen</c> when the prompt goes to the screen, and
    /// <see cref="TcgSlowWord"/> when the VM runs under TCG (vms/reference/FAULTS.md).
    /// </summary>
    public static string Sku(IEnumerable<string> faults, LuksPromptRoute route, Accelerator accelerator) =>
        string.Join(',', faults.Prepend("veilorqa")
            .Concat(route == LuksPromptRoute.Keyboard ? ["luks-prompt-screen"] : Array.Empty<string>())
            .Concat(accelerator == Machines.Domain.Accelerator.Tcg ? [TcgSlowWord] : Array.Empty<string>()));

    public T? Get<T>() where T : class => Capabilities.Get<T>();

    public string WhyMissing<T>() where T : class => Capabilities.WhyMissing<T>();

    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _boots.EnsureReadyAsync(UnlockOverSerialAsync, ConnectShellAsync, cancellationToken);
    }

    /// <remarks>The prompt must be on serial for the harness to answer it, and a firmware change needs a new power-on: either
    /// power-cycles with the default route.</remarks>
    public Task RebootAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _boots.RebootAsync(Timeouts.Command, UnlockOverSerialAsync, cancellationToken);
    }

    public Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default) =>
        _machine.CollectEvidenceAsync(folder, HostDirectory, JournalFile, _boots.Phase == VmBootPhase.Ready, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _machine.DisposeAsync();
    }

    public override string ToString() => $"{_definition.Name} ({_vm.Name})";

    /// <summary>
    /// What a reference guest target of <paramref name="definition"/> offers and lacks, written the one way the target writes
    /// it; with <paramref name="live"/> null the offered lines resolve to nothing (readiness checks and tests read the table
    /// without making a VM).
    /// </summary>
    /// <param name="definition">The matrix VM profile.</param>
    /// <param name="installed">The system the run installed, when the target boots that disk instead of the build's.</param>
    /// <param name="live">The target whose parts the lines offer.</param>
    public static CapabilityTable CapabilitiesOf(VmProfile definition, InstalledSystem? installed, ReferenceVmTarget? live = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var table = VmCapabilityLines.Write(definition, () => live is null ? null : new VmParts(live._machine, live._boots, live, live._sleep));
        var name = table.Owner;
        var notMade = $"{name} is not made yet";
        return installed is null
            ? table.Offer<IUpdateChannel>(() => live?._updateChannel, notMade)
            : table.Lack<IUpdateChannel>($"{name} was installed from the candidate image ({installed.Description}): its update is the image's tag 2 in the run's registry, which no update channel of this build stages");
    }

    private static long GiB(int gib) => gib * 1024L * 1024 * 1024;

    private async Task UnlockOverSerialAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        // A TPM-enrolled volume (or a fault's keyfile) opens without a prompt; the boot must still reach the shell.
        var unlock = await new LuksBootUnlock(_machine.Console, keyboard: null).UnlockAsync(_passphrase, Timeouts.Boot, cancellationToken);
        var toPrompt = clock.Elapsed;
        LastUnlock = unlock;
        await ConnectShellAsync(cancellationToken);
        LastBootTimings = (toPrompt, clock.Elapsed);
        _progress(unlock.Prompted
            ? $"{_definition.Name}: LUKS prompt after {toPrompt.TotalSeconds:0.0} s, shell after {clock.Elapsed.TotalSeconds:0.0} s"
            : $"{_definition.Name}: root volume opened WITHOUT a prompt after {toPrompt.TotalSeconds:0.0} s ('{unlock.Sign}'), shell after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private Task ConnectShellAsync(CancellationToken cancellationToken) => _machine.ConnectShellAsync(Timeouts.Boot, cancellationToken);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
