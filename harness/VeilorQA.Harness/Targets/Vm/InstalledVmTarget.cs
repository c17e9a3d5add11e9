using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// A system the run installed from an installer ISO and an OCI image it knows nothing else about (veilor-os): the install's
/// disk (through an overlay) booted as the same machine — same UUID, hence the same swtpm state, and a copy of the NVRAM the
/// install left, OVMF with Secure Boot as the profile says. The LUKS prompt is answered on the serial console when it is
/// asked there, else typed on the keyboard once the console falls quiet (<see cref="LuksUnlockRule"/>); the shell is SSH as
/// root with the run's own key. It offers what it has and says why it lacks the rest: no fault switching (that is the
/// reference guest's SMBIOS SKU), no routing of the prompt, no 9p share, no update channel.
/// </summary>
public sealed class InstalledVmTarget : ITarget
{
    private static readonly Regex AnyOutput = new(@"[\s\S]+", RegexOptions.CultureInvariant);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeyboardConfirm = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromMinutes(2);
    private const int KeyboardAttempts = 3;

    private readonly VmProfile _definition;
    private readonly Action<string> _progress;
    private readonly LibvirtConnection _connection;
    private readonly MachineFiles _files;
    private readonly VirtualMachine _vm;
    private readonly SerialConsole _console;
    private readonly Secret _passphrase;
    private readonly RunSshKey _key;
    private readonly string _description;
    private readonly AcceleratorChoice _accelerator;
    private readonly LuksUnlockRule _rule = new();
    private SshShell? _shell;
    private bool _ready;
    private bool _disposed;

    private InstalledVmTarget(
        VmProfile definition, Action<string> progress, LibvirtConnection connection, MachineFiles files, DomainSpec spec,
        Secret passphrase, RunSshKey key, string description, AcceleratorChoice accelerator)
    {
        this._definition = definition;
        this._progress = progress;
        this._connection = connection;
        this._files = files;
        this._passphrase = passphrase;
        this._key = key;
        this._description = description;
        this._accelerator = accelerator;
        Redactor.Global.Register(passphrase);
        TranscriptPath = Path.Combine(files.Directory, "serial-console.transcript");
        _vm = VirtualMachine.Create(connection, spec, files);
        _console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(files.SerialSocketPath)) { TranscriptPath = TranscriptPath });
        var name = $"VM target {definition.Name}";
        Capabilities = new CapabilityTable(name)
            .Offer<IShell>(() => _shell, $"{name} is not booted yet")
            .Offer<ISerialConsole>(_console)
            .Offer<IKeyboard>(_vm)
            .Offer<IScreen>(_vm)
            .Offer<IPower>(_vm)
            .Offer<ISleep>(definition.Suspend ? new PmWakeupSleep(_vm, () => Shell, new SleepBudgets { Resume = Timeouts.Resume }) : null, otherwise: $"{name} has suspend: false")
            .Offer<IUsbPort>(definition.Usb == UsbController.Xhci ? _vm : null, otherwise: $"{name} has no USB controller (usb: none)")
            .Lack<IBootCycle>($"{name} runs an installed image that decides itself where its LUKS prompt appears; only the reference guest lets the harness route it (SMBIOS SKU), so no boot cycle with a chosen route is offered")
            .Lack<ILogShare>($"{name} has no 9p log share: the installed image brings no mount unit this build knows for one (its journal is read over SSH)")
            .Lack<ISecureBootSwitch>($"{name} keeps the NVRAM its install left; switching Secure Boot off needs a key-less copy of that NVRAM, which this build does not make for installed systems")
            .Lack<IUpdateChannel>($"{name} was installed from {description}: the run's registry holds only that image, and no update channel of this build stages a newer one for it");
    }

    public TargetEntry Definition => _definition;

    public CapabilityTable Capabilities { get; }

    public TargetTimeouts Timeouts { get; } = TargetTimeouts.Vm;

    public WifiNetwork? Wifi => _definition.Wifi;

    public Secret? LuksPassphrase => _passphrase;

    public IShell Shell => _shell ?? throw new InvalidOperationException($"{_definition.Name}: the shell is not connected yet (call EnsureReadyAsync).");

    /// <summary>The libvirt domain (evidence); suites use the capabilities instead.</summary>
    public VirtualMachine Machine => _vm;

    /// <summary>The serial console's timestamped transcript file (passphrases masked).</summary>
    public string TranscriptPath { get; }

    /// <summary>Where the last boot's LUKS prompt was answered (null: it opened without one, or no boot yet).</summary>
    public string? LastUnlockRoute { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["accelerator"] = _accelerator.ToString(),
        ["candidate"] = $"installed from {_description}",
        ["domain"] = _vm.Name,
        ["luks_unlock"] = LastUnlockRoute ?? "not booted yet",
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
    /// <param name="progress">Receives one line per milestone.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    public static async Task<InstalledVmTarget> CreateAsync(
        VmProfile definition, InstallSession session, Secret passphrase, RunSshKey key, string role, string description, Action<string> progress, CancellationToken cancellationToken)
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
            var builder = files.SpecBuilder(secureBoot: definition.SecureBoot)
                .WithAccelerator(accelerator.Accelerator)
                .WithMemory(definition.MemoryMib)
                .WithVCpus(definition.Vcpus)
                .WithDisk(overlay)
                .WithUsbController(definition.Usb == UsbController.Xhci)
                .WithSuspendToMem(definition.Suspend)
                .WithVideo(definition.Video)
                .WithUserNetwork()
                .WithSystemInfo("manufacturer", "VeilorQA")
                .WithSystemInfo("product", "installed-system");
            if (!accelerator.KvmUsable)
            {
                builder = builder.WithSystemInfo("sku", ReferenceVmTarget.TcgSlowWord);
            }

            builder = definition.Tpm == TpmVersion.None ? builder.WithoutTpm() : builder.WithTpm();
            var target = new InstalledVmTarget(definition, progress, connection, files, builder.Build(), passphrase, key, description, accelerator);
            progress($"{definition.Name}: installed disk of {description}, {accelerator}, domain {target._vm.Name} (the install's NVRAM and TPM state)");
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

    public T? Get<T>() where T : class => Capabilities.Get<T>();

    public string WhyMissing<T>() where T : class => Capabilities.WhyMissing<T>();

    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ready && _vm.State.State == DomainState.Running)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        if (_vm.State.State == DomainState.ShutOff)
        {
            await ForgetConsoleOutputAsync(cancellationToken);
            await _vm.PowerOnAsync(cancellationToken);
            _progress($"{_definition.Name}: powered on from the installed disk");
        }

        await UnlockAndConnectAsync(clock, cancellationToken);
    }

    public async Task RebootAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        if (!_ready)
        {
            if (_vm.State.State != DomainState.ShutOff)
            {
                var clean = await _vm.ShutdownAsync(ShutdownGrace, cancellationToken);
                _progress($"{_definition.Name}: {(clean ? "shut down" : "did not shut down within " + ShutdownGrace.TotalSeconds + " s: powered off")}");
            }

            await EnsureReadyAsync(cancellationToken);
            return;
        }

        await ForgetConsoleOutputAsync(cancellationToken);

        // Detached so that the SSH command returns before sshd stops.
        await Shell.RunAsync("systemd-run --on-active=2 --no-block systemctl reboot", Timeouts.Command, cancellationToken);
        _ready = false;
        await UnlockAndConnectAsync(clock, cancellationToken);
    }

    public async Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var evidence = new List<EvidenceFile>();
        var notes = new List<string>();
        var running = !_disposed && _vm.State.State is DomainState.Running or DomainState.Paused or DomainState.PmSuspended;
        await TryAsync("screenshot", async () =>
        {
            if (!running)
            {
                notes.Add("screenshot: the VM is not running");
                return;
            }

            var path = Path.Combine(folder, "screenshot.png");
            await _vm.CaptureAsync(path, cancellationToken);
            evidence.Add(new EvidenceFile("screenshot", path, "image/png"));
        });
        await TryAsync("serial transcript", async () =>
        {
            var path = Path.Combine(folder, "serial-console.txt");
            await File.WriteAllTextAsync(path, Redactor.Global.Redact(_console.Transcript), cancellationToken);
            evidence.Add(new EvidenceFile("serial console transcript", path, "text/plain"));
        });
        await TryAsync("journal", async () =>
        {
            if (_shell is null || !_ready)
            {
                notes.Add("journal: no SSH session to read it over (no 9p share on an installed image)");
                return;
            }

            var path = Path.Combine(folder, "journal.txt");
            var result = await _shell.RunAsync("journalctl -b --no-pager -o short-precise | tail -n 4000", TimeSpan.FromSeconds(60), cancellationToken);
            await File.WriteAllTextAsync(path, Redactor.Global.Redact(result.StandardOutput), cancellationToken);
            evidence.Add(new EvidenceFile("journal (over SSH)", path, "text/plain"));
        });
        await TryAsync("domain XML", async () =>
        {
            var path = Path.Combine(folder, "domain.xml");
            await File.WriteAllTextAsync(path, running ? await _vm.LiveXmlAsync(cancellationToken) : _vm.Xml, cancellationToken);
            evidence.Add(new EvidenceFile("domain XML", path, "application/xml"));
        });
        if (notes.Count > 0)
        {
            var path = Path.Combine(folder, "evidence-notes.txt");
            await File.WriteAllLinesAsync(path, notes, CancellationToken.None);
            evidence.Add(new EvidenceFile("evidence notes", path, "text/plain"));
        }

        return evidence;

        async Task TryAsync(string what, Func<Task> collect)
        {
            try
            {
                await collect();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                notes.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_shell is not null)
        {
            await _shell.DisposeAsync();
        }

        await _console.DisposeAsync();
        await _vm.DisposeAsync();
        await _files.DisposeAsync();
        _connection.Dispose();
    }

    public override string ToString() => $"{_definition.Name} ({_vm.Name}, installed)";

    private async Task UnlockAndConnectAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        var lastOutput = clock.Elapsed;
        var typed = 0;
        LastUnlockRoute = null;
        while (true)
        {
            if (clock.Elapsed > Timeouts.Boot)
            {
                throw new WaitTimeoutException("the LUKS prompt on the serial console, or a quiet console to type it on the screen", Timeouts.Boot, Tail(seen));
            }

            try
            {
                var output = await _console.WaitForAsync(AnyOutput, Poll, cancellationToken);
                seen.Append(output.Value);
                lastOutput = clock.Elapsed;
            }
            catch (WaitTimeoutException)
            {
                // Nothing new in this poll: the quiet time grows.
            }

            switch (_rule.Decide(seen.ToString(), clock.Elapsed - lastOutput))
            {
                case LuksUnlockStep.Wait:
                    continue;
                case LuksUnlockStep.AnswerOnSerial:
                    await _console.WriteSecretLineAsync(_passphrase, cancellationToken);
                    LastUnlockRoute = $"serial console, prompt after {clock.Elapsed.TotalSeconds:0} s";
                    await ConnectShellAsync(Timeouts.Boot, cancellationToken);
                    break;
                case LuksUnlockStep.AlreadyUnlocked:
                    LastUnlockRoute = "none: the root volume opened without a prompt";
                    await ConnectShellAsync(Timeouts.Boot, cancellationToken);
                    break;
                case LuksUnlockStep.TypeOnKeyboard:
                    if (++typed > KeyboardAttempts)
                    {
                        throw new WaitTimeoutException($"SSH after typing the LUKS passphrase on the keyboard {KeyboardAttempts} times (the serial console never asked)", clock.Elapsed, Tail(seen));
                    }

                    _progress($"{_definition.Name}: the serial console is quiet after {clock.Elapsed.TotalSeconds:0} s without a prompt: typing the passphrase on the keyboard (attempt {typed})");
                    await _vm.TypeSecretAsync(_passphrase, cancellationToken);
                    await _vm.PressAsync("ret", cancellationToken);
                    try
                    {
                        await _vm.WaitForSshBannerAsync(KeyboardConfirm, cancellationToken);
                    }
                    catch (WaitTimeoutException)
                    {
                        // The keys came before the prompt read them, or went to the boot loader: watch again and type again.
                        seen.Clear();
                        lastOutput = clock.Elapsed;
                        continue;
                    }

                    LastUnlockRoute = $"keyboard (screen prompt), attempt {typed} after {clock.Elapsed.TotalSeconds:0} s";
                    await ConnectShellAsync(Timeouts.Boot, cancellationToken);
                    break;
            }

            _progress($"{_definition.Name}: LUKS unlocked ({LastUnlockRoute}), shell after {clock.Elapsed.TotalSeconds:0.0} s");
            return;
        }
    }

    private async Task ConnectShellAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_shell is null)
        {
            _shell = new SshShell(new SshShellOptions("127.0.0.1", _vm.SshPort!.Value, "root")
            {
                PrivateKeyFile = _key.PrivateKeyFile,
                TrustHostKeyOnFirstUse = true,
            });
            await _shell.WaitUntilReachableAsync(timeout, cancellationToken);
        }
        else
        {
            await _shell.ReconnectAsync(timeout, cancellationToken);
        }

        _ready = true;
    }

    /// <summary>Consumes the console output so far so that only the next boot's prompt can match.</summary>
    private async Task ForgetConsoleOutputAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _console.WaitForAsync(AnyOutput, TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (WaitTimeoutException)
        {
            // Nothing to forget.
        }
    }

    private static string Tail(StringBuilder seen) => seen.Length > 2000 ? seen.ToString()[^2000..] : seen.ToString();
}
