using VeilorQA.Harness.Channels.Keyboard;
using System.Net.Sockets;
using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Libvirt.Imaging;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Machines;

/// <summary>A QEMU guest run as a transient libvirt domain, with power, sleep, keyboard, screen and USB capabilities.</summary>
/// <remarks>
/// The VM owns one directory (overlays, NVRAM copy, TPM state, sockets, logs); disposing destroys the
/// domain and deletes that directory. The domain is transient: once stopped, libvirt forgets it, and
/// <see cref="PowerOnAsync"/> creates it again from the same XML.
/// </remarks>
public sealed class VirtualMachine : IPower, IKeyboard, IScreen, IUsbPort, IAsyncDisposable
{
    // The state wait's pause between looks; each look already waits up to 1 s for a lifecycle event.
    private static readonly TimeSpan EventRecheck = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan BannerRead = TimeSpan.FromSeconds(3);

    private readonly LibvirtConnection _connection;
    private readonly DomainEventSubscription _events;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VirtualMachineUsbDevice> _usbDevices = [];
    private readonly List<DomainLifecycleEvent> _seenEvents = [];
    private readonly MachineFiles? _files;
    private LibvirtDomain? _domain;
    private string? _uuid;
    private int _usbCounter;
    private bool _ownsDirectory = true;
    private int _disposed;

    private VirtualMachine(LibvirtConnection connection, string xml, string directory, LibvirtDomain? running, MachineFiles? files = null)
    {
        this._connection = connection;
        this._files = files;
        Xml = xml;
        Directory = directory;
        Name = VirtualMachineXml.Name(xml);
        SshPort = VirtualMachineXml.SshPort(xml);
        SerialSocketPath = VirtualMachineXml.SerialSocket(xml);
        SerialLogPath = VirtualMachineXml.SerialLog(xml);
        _events = connection.SubscribeLifecycle(Name);
        _domain = running;
        _uuid = VirtualMachineXml.Uuid(xml)?.ToString("D");
    }

    /// <summary>The libvirt domain name, <c>veilorqa-&lt;runid&gt;-...</c>.</summary>
    public string Name { get; }

    /// <summary>The domain XML this VM is (re)created from.</summary>
    public string Xml { get; private set; }

    /// <summary>The folder this VM owns and deletes on dispose.</summary>
    public string Directory { get; }

    /// <summary>Host port on 127.0.0.1 forwarded to the guest's SSH port, when the XML has one.</summary>
    public int? SshPort { get; }

    /// <summary>The serial console's unix socket, when the XML has one.</summary>
    public string? SerialSocketPath { get; }

    /// <summary>The serial console's log file (everything the guest wrote), when the XML has one.</summary>
    public string? SerialLogPath { get; }

    /// <summary>A VM from a validated <see cref="DomainSpec"/> whose files are <paramref name="files"/> (removed on dispose); nothing runs until <see cref="PowerOnAsync"/>.</summary>
    /// <exception cref="InvalidDomainSpecException">Names the field that cannot work (missing OVMF file, ISO, kernel, ...).</exception>
    public static VirtualMachine Create(LibvirtConnection connection, DomainSpec spec, MachineFiles files)
    {
        spec.Validate();
        RunOwner.Claim(spec.Run);
        return new VirtualMachine(connection, DomainXmlWriter.Write(spec), files.Directory, null, files);
    }

    /// <summary>Wraps a prepared domain XML and its directory; nothing runs until <see cref="PowerOnAsync"/>.</summary>
    /// <remarks>Claims this process's run (<see cref="RunOwner"/>) first so the reaper never takes a live VM for a leftover.</remarks>
    public static VirtualMachine Create(LibvirtConnection connection, string domainXml, string directory)
    {
        RunOwner.Claim(RunId.TryParseFromName(VirtualMachineXml.Name(domainXml)) ?? RunId.Current);
        return new VirtualMachine(connection, domainXml, directory, null);
    }

    /// <summary>Restores a saved state into a VM owning <paramref name="files"/>; used by <see cref="VirtualMachineSnapshot"/>.</summary>
    internal static async Task<VirtualMachine> RestoreAsync(LibvirtConnection connection, string savedState, string copyXml, MachineFiles files, CancellationToken cancellationToken)
    {
        var vm = new VirtualMachine(connection, copyXml, files.Directory, null, files);
        try
        {
            vm._domain = await Task.Run(() => connection.Restore(savedState, copyXml, SavedStateStart.Running, vm.Name), cancellationToken);
            vm._uuid = vm._domain.Uuid;
            return vm;
        }
        catch
        {
            await vm.DisposeAsync();
            throw;
        }
    }

    /// <summary>The domain's state as libvirt reports it; <see cref="DomainState.ShutOff"/> once the transient domain is gone.</summary>
    public DomainStateInfo State
    {
        get
        {
            var d = Domain();
            if (d is null)
            {
                return new DomainStateInfo(DomainState.ShutOff, 0);
            }

            try
            {
                return d.GetState();
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                ForgetDomain();
                return new DomainStateInfo(DomainState.ShutOff, 0);
            }
        }
    }

    /// <summary>Creates and starts the domain.</summary>
    /// <exception cref="LibvirtException">libvirt or QEMU refused the domain (its message names the device or file).</exception>
    public Task PowerOnAsync(CancellationToken cancellationToken = default) => Task.Run(
        () =>
        {
            ThrowIfDisposed();
            if (State.State != DomainState.ShutOff)
            {
                throw new InvalidOperationException($"{Name} is already {State}.");
            }

            var created = _connection.CreateTransient(Xml);
            lock (_gate)
            {
                _domain = created;
                _uuid = created.Uuid;
            }
        },
        cancellationToken);

    /// <summary>Replaces the XML the next <see cref="PowerOnAsync"/> creates the domain from — e.g. another SMBIOS SKU for the next boot.</summary>
    /// <remarks>Only while shut off, and only with the same domain name (the files, sockets and forwards stay this VM's).</remarks>
    public void ReplaceDefinition(string xml)
    {
        ThrowIfDisposed();
        if (State.State != DomainState.ShutOff)
        {
            throw new InvalidOperationException($"{Name} is {State}: its definition can change only while it is shut off.");
        }

        var name = VirtualMachineXml.Name(xml);
        if (name != Name)
        {
            throw new ArgumentException($"the new definition names domain '{name}', not '{Name}'.", nameof(xml));
        }

        Xml = xml;
    }

    /// <summary>Waits until the domain reaches <paramref name="target"/>, driven by lifecycle events.</summary>
    /// <exception cref="WaitTimeoutException">Carries the lifecycle events seen and the last state.</exception>
    public async Task WaitForStateAsync(DomainState target, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        // Each look blocks on the event channel for up to a second, so an event wakes the check early; the channel keeps
        // what arrives between looks, and the state read covers events that raced the subscription.
        await new Poll($"{Name} to be {target}", timeout).Every(EventRecheck).UntilAsync(async (attempt, ct) =>
        {
            if (State.State == target)
            {
                return PollOutcome<bool>.Done(true);
            }

            if (attempt.Remaining > TimeSpan.Zero)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                tick.CancelAfter(attempt.Remaining < TimeSpan.FromSeconds(1) ? attempt.Remaining : TimeSpan.FromSeconds(1));
                try
                {
                    var e = await _events.Events.ReadAsync(tick.Token);
                    lock (_seenEvents)
                    {
                        _seenEvents.Add(e);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }

            return State.State == target ? PollOutcome<bool>.Done(true) : PollOutcome<bool>.NotYet(DescribeRecentEvents());
        }, cancellationToken);

    /// <summary>Asks the guest to power off (ACPI) and destroys the domain if it is still running after <paramref name="grace"/>.</summary>
    /// <returns>True when the guest shut down by itself.</returns>
    public async Task<bool> ShutdownAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (Domain() is not { } d || State.State == DomainState.ShutOff)
        {
            return true;
        }

        try
        {
            await Task.Run(d.Shutdown, cancellationToken);
            await WaitForStateAsync(DomainState.ShutOff, grace, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is WaitTimeoutException or LibvirtException)
        {
            await DestroyAsync(cancellationToken);
            return false;
        }
    }

    public Task PowerOffAsync(TimeSpan grace, CancellationToken cancellationToken = default) => ShutdownAsync(grace, cancellationToken);

    /// <summary>Pulls the plug (no guest shutdown).</summary>
    public Task DestroyAsync(CancellationToken cancellationToken = default) => Task.Run(
        () =>
        {
            if (Domain() is { } d && State.State != DomainState.ShutOff)
            {
                try
                {
                    d.Destroy();
                }
                catch (LibvirtException e) when (e.Code is LibvirtErrorCode.NoDomain or LibvirtErrorCode.OperationInvalid)
                {
                }
            }

            ForgetDomain();
        },
        cancellationToken);

    /// <summary>Asks the guest to reboot.</summary>
    public Task RebootAsync(CancellationToken cancellationToken = default) => Run(d => d.Reboot(), cancellationToken);

    /// <summary>Hard reset: the guest gets no say.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => Run(d => d.Reset(), cancellationToken);

    /// <summary>Pauses the vCPUs (the guest does not notice).</summary>
    public Task PauseAsync(CancellationToken cancellationToken = default) => Run(d => d.Suspend(), cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken = default) => Run(d => d.Resume(), cancellationToken);

    /// <summary>Wakes the guest from S3 (libvirt PM wakeup, QMP system_wakeup).</summary>
    public Task WakeAsync(CancellationToken cancellationToken = default) => Run(d => d.PmWakeup(), cancellationToken);

    /// <summary>Sends a raw QMP command and returns QEMU's JSON reply.</summary>
    public Task<string> QmpAsync(string json, CancellationToken cancellationToken = default) =>
        Task.Run(() => RequireDomain().QemuMonitorCommand(json), cancellationToken);

    /// <summary>The live domain XML (with libvirt's aliases and addresses).</summary>
    public Task<string> LiveXmlAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => RequireDomain().GetXml(), cancellationToken);

    /// <summary>Types text on a US layout, one send-key call per character.</summary>
    public async Task TypeAsync(string text, CancellationToken cancellationToken = default)
    {
        foreach (var press in KeyboardLayout.Us.Type(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Run(() => RequireDomain().SendKeys(press.LinuxKeycodes), cancellationToken);
        }
    }

    /// <summary>Types a secret through send-key like <see cref="TypeAsync"/>: keycodes go to QEMU over libvirt, never to a log.</summary>
    public Task TypeSecretAsync(Security.Secret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return TypeAsync(secret.Reveal(), cancellationToken);
    }

    /// <summary>Presses a combination such as <c>ctrl-alt-delete</c>, <c>alt-f2</c> or <c>ret</c>.</summary>
    public Task PressAsync(string combo, CancellationToken cancellationToken = default)
    {
        var press = KeyboardLayout.Us.Parse(combo);
        return Run(d => d.SendKeys(press.LinuxKeycodes), cancellationToken);
    }

    /// <summary>The screen as PNG bytes (QEMU's PPM is converted).</summary>
    public Task<byte[]> ScreenshotPngAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => ScreenshotPng.From(RequireDomain().Screenshot()), cancellationToken);

    public async Task CaptureAsync(string pngPath, CancellationToken cancellationToken = default) =>
        await File.WriteAllBytesAsync(pngPath, await ScreenshotPngAsync(cancellationToken), cancellationToken);

    /// <summary>Hot-plugs an emulated USB device (<c>usb-kbd</c>, <c>usb-mouse</c>, <c>usb-tablet</c>, <c>usb-storage</c>); returns its alias.</summary>
    /// <remarks>usb-storage gets a fresh 16 MiB backing file in the VM's directory and the requested serial number.</remarks>
    public async Task<string> PlugAsync(UsbDeviceSpec device, CancellationToken cancellationToken = default)
    {
        var d = RequireDomain();
        var alias = $"ua-veilorqa-usb{Interlocked.Increment(ref _usbCounter)}";
        var live = await Task.Run(() => d.GetXml(), cancellationToken);
        var usb = await VirtualMachineUsbDevice.PrepareAsync(device, alias, Directory, VirtualMachineXml.DiskTargets(live), cancellationToken);
        await Task.Run(() => d.AttachDevice(usb.DeviceXml), cancellationToken);
        lock (_gate)
        {
            _usbDevices[alias] = usb;
        }

        return alias;
    }

    public async Task UnplugAsync(string handle, CancellationToken cancellationToken = default)
    {
        VirtualMachineUsbDevice? usb;
        lock (_gate)
        {
            _usbDevices.Remove(handle, out usb);
        }

        if (usb is null)
        {
            throw new ArgumentException($"{Name} has no hot-plugged USB device '{handle}'.", nameof(handle));
        }

        await Run(d => d.DetachDevice(usb.DeviceXml), cancellationToken);
        usb.DeleteBackingFile();
    }

    /// <summary>Waits until the guest's SSH server greets on the forwarded port (an <c>SSH-</c> banner).</summary>
    /// <remarks>QEMU's user-mode network accepts TCP at once even before the guest listens, so only the banner proves sshd.</remarks>
    public async Task<string> WaitForSshBannerAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var port = SshPort ?? throw new InvalidOperationException($"{Name} has no SSH port forward in its XML.");
        var last = "nothing";
        var polled = await new Poll($"an SSH banner on 127.0.0.1:{port} from {Name}", timeout).Every(TimeSpan.FromMilliseconds(50))
            .UntilAsync(async (attempt, ct) =>
            {
                // A look at the deadline has no time left to connect in.
                if (attempt.Remaining > TimeSpan.Zero)
                {
                    using var look = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    look.CancelAfter(attempt.Remaining);
                    try
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync("127.0.0.1", port, look.Token);
                        look.CancelAfter(attempt.Remaining < BannerRead ? attempt.Remaining : BannerRead);
                        var buffer = new byte[256];
                        var n = await client.GetStream().ReadAsync(buffer, look.Token);
                        var banner = Encoding.ASCII.GetString(buffer, 0, n);
                        if (banner.StartsWith("SSH-", StringComparison.Ordinal))
                        {
                            return PollOutcome<string>.Done(banner.TrimEnd());
                        }

                        last = n == 0 ? "connection closed without a banner" : $"'{banner.Trim()}'";
                    }
                    catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
                    {
                        last = e.Message;
                    }
                }

                return PollOutcome<string>.NotYet($"last attempt: {last}\n{DescribeRecentEvents()}");
            }, cancellationToken);
        return polled.Value;
    }

    /// <summary>Saves the running VM (memory and devices) and hands its directory to the returned snapshot; this VM is then stopped.</summary>
    /// <remarks>Boot once on a qcow2 overlay, save, then restore many copies: each copy gets its own overlay on the saved one.</remarks>
    public async Task<VirtualMachineSnapshot> SaveAsync(CancellationToken cancellationToken = default)
    {
        var d = RequireDomain();
        var statePath = Path.Combine(Directory, "saved.state");
        await Task.Run(() => d.Save(statePath), cancellationToken);
        ForgetDomain();
        var savedXml = await Task.Run(() => _connection.GetSavedStateXml(statePath), cancellationToken);
        lock (_gate)
        {
            _ownsDirectory = false;
        }

        return new VirtualMachineSnapshot(_connection, Name, savedXml, statePath, _files, _uuid);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await DestroyAsync();
        }
        finally
        {
            _events.Dispose();
            bool deleteDirectory;
            lock (_gate)
            {
                deleteDirectory = _ownsDirectory;
            }

            // After a save the snapshot owns the directory and the TPM state; the logs are this domain's either way.
            LibvirtHostPaths.DeleteDomainFiles(Name, deleteDirectory ? _uuid : null);
            if (deleteDirectory)
            {
                if (_files is not null)
                {
                    _files.Remove();
                }
                else if (System.IO.Directory.Exists(Directory))
                {
                    System.IO.Directory.Delete(Directory, recursive: true);
                }
            }
        }
    }

    public override string ToString() => Name;

    private LibvirtDomain? Domain()
    {
        lock (_gate)
        {
            return _domain;
        }
    }

    private LibvirtDomain RequireDomain()
    {
        ThrowIfDisposed();
        return Domain() ?? throw new InvalidOperationException($"{Name} is not running.");
    }

    private void ForgetDomain()
    {
        LibvirtDomain? old;
        lock (_gate)
        {
            old = _domain;
            _domain = null;
        }

        old?.Dispose();
    }

    private Task Run(Action<LibvirtDomain> action, CancellationToken cancellationToken) =>
        Task.Run(() => action(RequireDomain()), cancellationToken);

    private string DescribeRecentEvents()
    {
        lock (_seenEvents)
        {
            var recent = _seenEvents.TakeLast(10).Select(e => $"{e.Received:HH:mm:ss.fff} {e.Kind} (detail {e.Detail})");
            return $"state {State}; lifecycle events: " + (_seenEvents.Count == 0 ? "none" : string.Join(", ", recent));
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
