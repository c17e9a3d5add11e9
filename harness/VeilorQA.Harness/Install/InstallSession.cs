using System.Diagnostics;
using System.Text;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Install.Watch;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Install;

/// <summary>
/// Runs one install the way the release gate does: a blank target disk, the installer ISO as a read-only cdrom booted
/// through OVMF (Secure Boot with Microsoft's keys) and its own shim → grub chain, the kickstart on an OEMDRV volume
/// (or inst.ks= over HTTP with direct kernel boot), swtpm TPM 2.0, Anaconda's virtio-serial log port and the serial
/// console to files the <see cref="InstallWatcher"/> reads, user-mode networking (the host's registry is 10.0.2.2).
/// A reboot ends the domain, so the install's end is one power-off whatever the kickstart says. The VM, its disk,
/// NVRAM and TPM state live in the session's <see cref="MachineFiles"/> (reaped by run id) until disposal.
/// </summary>
public sealed class InstallSession : IAsyncDisposable
{
    /// <summary>The OEMDRV volume's file name for the kickstart, as Anaconda reads it.</summary>
    public const string KickstartFileName = "ks.cfg";

    /// <summary>After a recognised fatal error the installer waits (Anaconda 180 s, the stand-in inst.veilorqa.error-sleep) and stops; past this it is stopped.</summary>
    public static readonly TimeSpan StopAfterFailureGrace = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(2);
    private readonly InstallPlan _plan;
    private readonly LibvirtConnection _connection;
    private readonly Action<string> _progress;
    private readonly string _disk;
    private readonly string? _oemdrv;
    private readonly KickstartServer? _server;
    private VirtualMachine? _vm;
    private InstallOutcome? _outcome;
    private bool _keep;
    private bool _disposed;

    private InstallSession(InstallPlan plan, LibvirtConnection connection, MachineFiles files, string disk, string? oemdrv, KickstartServer? server, Action<string> progress)
    {
        this._plan = plan;
        this._connection = connection;
        Files = files;
        this._disk = disk;
        this._oemdrv = oemdrv;
        this._server = server;
        this._progress = progress;
    }

    /// <summary>The install VM's folder, disk, NVRAM and TPM state.</summary>
    public MachineFiles Files { get; }

    /// <summary>The target disk the install writes (qcow2).</summary>
    public string Disk => _disk;

    /// <summary>The outcome once <see cref="RunAsync"/> returned.</summary>
    public InstallOutcome? Outcome => _outcome;

    /// <summary>The domain XML of the install VM.</summary>
    public string DomainXmlPath => Path.Combine(Files.Directory, "install-domain.xml");

    /// <summary>Prepares (does not start) the install VM: kickstart files, OEMDRV volume or HTTP server, blank disk, domain.</summary>
    /// <exception cref="LibvirtException">libvirtd refused the definition (the message names why).</exception>
    public static async Task<InstallSession> CreateAsync(InstallPlan plan, LibvirtConnection connection, MachineFiles files, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(files);
        var inputs = plan.Inputs;
        var kickstart = Path.Combine(files.Directory, KickstartFileName);
        OwnerOnlyFile.Write(kickstart, plan.Kickstart.Reveal());
        await File.WriteAllTextAsync(Path.Combine(files.Directory, "ks.masked.cfg"), plan.MaskedKickstart, cancellationToken);
        KickstartServer? server = null;
        try
        {
            var disk = await files.CreateBlankDiskAsync("install-target.qcow2", inputs.DiskSizeGib * 1024L * 1024 * 1024, cancellationToken);
            string? oemdrv = null;
            var builder = files.SpecBuilder(secureBoot: inputs.SecureBoot)
                .WithAccelerator(plan.Accelerator.Accelerator)
                .WithMemory(inputs.MemoryMib)
                .WithVCpus(inputs.VCpus)
                .WithDisk(disk)
                .WithInstallerIso(inputs.IsoPath)
                .WithChannel(ChannelSpec.AnacondaLog, ChannelBackend.File, files.ChannelPath(ChannelSpec.AnacondaLog, ChannelBackend.File))
                .WithVideo(VideoModel.Bochs)
                .WithUsbController(false)
                .WithSuspendToMem(false)
                .WithUserNetwork()
                .WithRebootPoweringOff()
                .WithSystemInfo("manufacturer", "VeilorQA")
                .WithSystemInfo("product", "installer-target");
            if (inputs.InstallerArguments.Count > 0)
            {
                // The ISO boots unmodified: its installer reads inst.* words from the SMBIOS SKU as well as its command line.
                builder = builder.WithSystemInfo("sku", string.Join(',', inputs.InstallerArguments));
            }

            builder = plan.Tpm ? builder.WithTpm() : builder.WithoutTpm();
            switch (inputs.Delivery)
            {
                case KickstartDelivery.Oemdrv:
                    var oemdrvDirectory = Path.Combine(files.Directory, "oemdrv");
                    Directory.CreateDirectory(oemdrvDirectory);
                    oemdrv = await OemdrvVolume.CreateAsync(oemdrvDirectory, new Dictionary<string, string> { [KickstartFileName] = kickstart }, cancellationToken);
                    builder = builder.WithDisk(oemdrv, DiskFormat.Raw, DiskBus.Virtio, readOnly: true, serial: "OEMDRV");
                    break;
                case KickstartDelivery.KernelHttp:
                    var label = plan.VolumeLabel ?? throw new ArgumentException("direct kernel boot needs the ISO's volume label (inst.stage2=hd:CDLABEL=…)", nameof(plan));
                    var (kernel, initrd) = await PxebootFiles.ExtractAsync(inputs.IsoPath, files.Directory, cancellationToken);
                    server = KickstartServer.Start(kickstart);
                    builder = builder.WithKernelBoot(kernel, initrd, string.Join(' ', new[]
                    {
                        $"inst.ks=http://10.0.2.2:{server.Port}/{KickstartFileName}", $"inst.stage2=hd:CDLABEL={label}", "inst.cmdline",
                        "debug=1", "inst.debug", "rd.shell=0", "rd.emergency=poweroff", "console=ttyS0,115200",
                    }.Concat(inputs.InstallerArguments)));
                    break;
            }

            var session = new InstallSession(plan, connection, files, disk, oemdrv, server, progress);
            session._vm = VirtualMachine.Create(connection, builder.Build(), files);
            await File.WriteAllTextAsync(session.DomainXmlPath, session._vm.Xml, cancellationToken);
            return session;
        }
        catch
        {
            server?.Dispose();
            throw;
        }
    }

    /// <summary>Keeps the folder (disk, NVRAM, TPM state, logs) when the session is disposed (<c>veilorqa repro --keep</c>).</summary>
    public void Keep() => _keep = true;

    /// <summary>Powers the VM on and watches it to its end: completed, a recognised failure, stopped without either, or timed out.</summary>
    public async Task<InstallOutcome> RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outcome is not null)
        {
            return _outcome;
        }

        var machine = _vm!;
        var watcher = new InstallWatcher(_plan.MaskedKickstart);
        watcher.PhaseChanged += change => _progress($"install: {Describe(change.Phase)} ({change.Line.Trim()})");
        var anaconda = new LineFollower(Files.ChannelPath(ChannelSpec.AnacondaLog, ChannelBackend.File));
        var serial = new LineFollower(Files.SerialLogPath);
        var screenshots = new List<string>();
        var clock = Stopwatch.StartNew();
        _progress($"install: {(_plan.Inputs.Delivery == KickstartDelivery.Oemdrv ? "booting the ISO unmodified" : "direct kernel boot of images/pxeboot (no Secure Boot verification of the installer)")}"
                 + $" {Path.GetFileName(_plan.Inputs.IsoPath)} ({(_plan.Inputs.SecureBoot ? "Secure Boot on" : "Secure Boot off")}, {_plan.Accelerator}), kickstart {(_plan.Inputs.Delivery == KickstartDelivery.Oemdrv ? "on an OEMDRV volume" : "over HTTP")}, "
                 + $"{_plan.Inputs.DiskSizeGib} GiB target disk{(_plan.Inputs.Fault is { } fault ? ", failure mode " + fault : string.Empty)}");
        var poweredOnAt = DateTimeOffset.UtcNow;
        await machine.PowerOnAsync(cancellationToken);
        InstallFailure? failure = null;
        TimeSpan? failureSeenAt = null;
        var timedOut = false;
        try
        {
            // The plan's budget counts from the session's clock, which started before power-on.
            var left = _plan.Timeout - clock.Elapsed;
            await new Poll($"the installer in {machine.Name} to power off", left > TimeSpan.Zero ? left : TimeSpan.Zero).Every(LookInterval).UntilAsync(async ct =>
            {
                Feed();
                if (machine.State.State == DomainState.ShutOff)
                {
                    return PollOutcome<bool>.Done(true);
                }

                // A kernel call trace (a soft lockup of an emulated CPU on a loaded host) or an OOM kill is the watcher's
                // Warning, not its Failure: it does not stop an installer by itself, and the end decides whether it cost the install.
                if (watcher.Failure is not null && failureSeenAt is null)
                {
                    failureSeenAt = clock.Elapsed;
                    _progress($"install: FAILED: {watcher.Failure.Explanation} (waiting for the installer to stop)");
                    await TryScreenshotAsync("failure");
                }

                if (failureSeenAt is { } seen && clock.Elapsed - seen > StopAfterFailureGrace)
                {
                    _progress($"install: the installer did not stop within {StopAfterFailureGrace.TotalMinutes:0} min of its failure: powering off");
                    await machine.DestroyAsync(ct);
                    return PollOutcome<bool>.Done(true);
                }

                return PollOutcome<bool>.NotYet($"phase {watcher.Current}");
            }, cancellationToken);
        }
        catch (WaitTimeoutException)
        {
            // Not an exception to the caller: a timed-out install is an outcome, told by the watcher (phase, last line).
            timedOut = true;
            await TryScreenshotAsync("timeout");
            await machine.DestroyAsync(cancellationToken);
        }

        Feed();
        if (anaconda.Flush() is { } lastAnaconda)
        {
            watcher.OnAnacondaLogLine(lastAnaconda, DateTimeOffset.UtcNow);
        }

        if (serial.Flush() is { } lastConsole)
        {
            watcher.OnConsoleLine(lastConsole, DateTimeOffset.UtcNow);
        }

        failure = timedOut ? watcher.TimedOut(_plan.Timeout) : watcher.Ended(poweredOff: true);
        if (failure is null && watcher.Warning is { } warning)
        {
            // "Installation complete" after a kernel warning: the install succeeded; the warning stays in the log and the
            // installed system's own health is the health suite's to judge.
            _progress($"install: completed despite {warning.Explanation}");
        }

        var elapsed = clock.Elapsed;
        _progress(failure is null
            ? $"install: complete after {elapsed.TotalSeconds:0} s ({string.Join(", ", PhaseDurations(watcher.Phases, poweredOnAt, poweredOnAt + elapsed))})"
            : $"install: FAILED after {elapsed.TotalSeconds:0} s: {failure.Explanation}");

        var transcript = Path.Combine(Files.Directory, "install-serial.txt");
        await File.WriteAllTextAsync(transcript, Redactor.Global.Redact(ReadShared(Files.SerialLogPath)), CancellationToken.None);
        var anacondaCopy = Path.Combine(Files.Directory, "install-anaconda.log");
        var channel = Files.ChannelPath(ChannelSpec.AnacondaLog, ChannelBackend.File);
        string? anacondaLog = null;
        if (File.Exists(channel))
        {
            await File.WriteAllTextAsync(anacondaCopy, Redactor.Global.Redact(ReadShared(channel)), CancellationToken.None);
            anacondaLog = anacondaCopy;
        }

        var artifacts = new InstallArtifacts(
            Files.Directory,
            DomainXmlPath,
            transcript,
            anacondaLog,
            File.Exists(Files.NvramPath) ? Files.NvramPath : null,
            _plan.Tpm && Directory.Exists(Files.TpmStateDirectory) ? Files.TpmStateDirectory : null,
            _disk,
            Path.Combine(Files.Directory, "ks.masked.cfg"),
            screenshots);
        _outcome = new InstallOutcome(_plan.Inputs, artifacts, watcher.Phases, failure, elapsed, poweredOnAt);
        return _outcome;

        void Feed()
        {
            foreach (var line in anaconda.ReadNewLines())
            {
                watcher.OnAnacondaLogLine(line, DateTimeOffset.UtcNow);
            }

            foreach (var line in serial.ReadNewLines())
            {
                watcher.OnConsoleLine(line, DateTimeOffset.UtcNow);
            }
        }

        async Task TryScreenshotAsync(string name)
        {
            try
            {
                var path = Path.Combine(Files.Directory, $"install-{name}.png");
                await machine.CaptureAsync(path, cancellationToken);
                screenshots.Add(path);
            }
            catch (Exception e) when (e is LibvirtException or IOException or InvalidOperationException)
            {
                _progress($"install: no screenshot ({e.Message})");
            }
        }
    }

    /// <summary>
    /// Boots the target disk alone (no ISO, no OEMDRV) for up to <paramref name="limit"/> and reports what the serial console
    /// showed: whether anything of an installed system started (GRUB, a kernel, the LUKS prompt) or the firmware found
    /// nothing to boot. For failed installs: a half-installed disk must not boot.
    /// </summary>
    public async Task<DiskBootObservation> BootDiskAloneAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var machine = _vm!;
        if (machine.State.State != DomainState.ShutOff)
        {
            await machine.DestroyAsync(cancellationToken);
        }

        // Its own folder and UUID (fresh NVRAM, no TPM, no network): the install's disk is only read, through an overlay,
        // so a bundle keeps the disk exactly as the install left it.
        var aloneFiles = MachineFiles.Create(Files.Run, Files.Role + "-bare");
        var overlay = await aloneFiles.CreateOverlayAsync(_disk, DiskFormat.Qcow2, cancellationToken: cancellationToken);
        var spec = aloneFiles.SpecBuilder(secureBoot: _plan.Inputs.SecureBoot)
            .WithAccelerator(_plan.Accelerator.Accelerator)
            .WithMemory(1024)
            .WithVCpus(_plan.Inputs.VCpus)
            .WithDisk(overlay)
            .WithVideo(VideoModel.Bochs)
            .WithUsbController(false)
            .WithSuspendToMem(false)
            .WithoutTpm()
            .WithoutNetwork()
            .WithRebootPoweringOff()
            .Build();
        await using var alone = VirtualMachine.Create(_connection, spec, aloneFiles);
        var aloneLog = Path.Combine(Files.Directory, "disk-alone-serial.txt");
        var follower = new LineFollower(aloneFiles.SerialLogPath);
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        await alone.PowerOnAsync(cancellationToken);
        string? booted = null;
        var nothingToBoot = false;
        try
        {
            await new Poll($"the target disk in {alone.Name} to start a system, or to have nothing to boot", limit).Every(LookInterval).UntilAsync(_ =>
            {
                foreach (var line in follower.ReadNewLines())
                {
                    var clean = Redactor.Global.Redact(line.Trim());
                    seen.Add(clean);
                    booted ??= DiskBootObservation.SystemStarted(clean) ? clean : null;
                    nothingToBoot |= DiskBootObservation.NothingToBoot(clean);
                }

                return Task.FromResult(booted is not null || nothingToBoot || alone.State.State == DomainState.ShutOff
                    ? PollOutcome<bool>.Done(true)
                    : PollOutcome<bool>.NotYet($"{seen.Count} console lines"));
            }, cancellationToken);
        }
        catch (WaitTimeoutException)
        {
            // Watched for the whole limit and neither came: the observation says so (its last lines).
        }

        await alone.DestroyAsync(cancellationToken);
        await File.WriteAllLinesAsync(aloneLog, seen, CancellationToken.None);
        var observation = new DiskBootObservation(booted, nothingToBoot, clock.Elapsed, seen.Where(l => l.Length > 0).TakeLast(20).ToList());
        _progress($"install: target disk booted alone for {observation.Watched.TotalSeconds:0} s: {observation}");
        return observation;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _server?.Dispose();
        if (_vm is not null)
        {
            if (_keep)
            {
                await _vm.DestroyAsync();
            }
            else
            {
                await _vm.DisposeAsync();
            }
        }

        if (!_keep)
        {
            await Files.DisposeAsync();
        }
    }

    private static string Describe(InstallPhase phase) => phase switch
    {
        InstallPhase.Booting => "booting the installer",
        InstallPhase.Kickstart => "installer started, reading the kickstart",
        InstallPhase.PreScripts => "%pre scripts",
        InstallPhase.Storage => "storage (partitions, LUKS2, file systems)",
        InstallPhase.PayloadPull => "pulling the image",
        InstallPhase.Deploy => "deploying the image",
        InstallPhase.Bootloader => "boot loader",
        InstallPhase.Configuration => "configuring the installed system",
        InstallPhase.PostScripts => "%post scripts",
        InstallPhase.Done => "installation complete",
        _ => phase.ToString(),
    };

    /// <summary>"ISO boot 108 s, Storage 14 s, …": from <paramref name="poweredOnAt"/> to the first phase, then how long each
    /// phase took; the last one ends at <paramref name="endedAt"/> (the power-off).</summary>
    public static IEnumerable<string> PhaseDurations(IReadOnlyList<PhaseChange> phases, DateTimeOffset poweredOnAt, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0)
        {
            yield break;
        }

        if (phases[0].At > poweredOnAt)
        {
            yield return $"ISO boot {(phases[0].At - poweredOnAt).TotalSeconds:0} s";
        }

        for (var i = 0; i < phases.Count; i++)
        {
            var until = i + 1 < phases.Count ? phases[i + 1].At : endedAt;
            yield return $"{phases[i].Phase} {Math.Max(0, (until - phases[i].At).TotalSeconds):0} s";
        }
    }

    // libvirt's serial log and the channel file are written by QEMU while we read them.
    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }
}
