using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Bootc;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>
/// A laptop (or anything that looks like one) reached only over SSH, built from a matrix <see cref="LaptopEntry"/>;
/// its lab adapters (power, keyboard, serial-over-TCP console) become capabilities. It never opens libvirt.
/// </summary>
/// <remarks>
/// Connection failures are <see cref="TargetUnreachableException"/>s (infrastructure errors, one line naming the
/// target and host). Nothing is resolved or connected at construction: a missing secret only fails the step that needs it.
/// </remarks>
public sealed class SshTarget : ITarget
{
    private static readonly Regex Everything = new("(?s).*", RegexOptions.CultureInvariant);

    private readonly SshTargetOptions _options;
    private readonly LaptopShell _shell;
    private readonly Lazy<Secret?> _luks;
    private readonly LaptopPower? _power;
    private readonly IKeyboard? _keyboard;
    private readonly RtcAlarmSleep? _sleep;
    private readonly LaptopBootCycle? _bootCycle;
    private readonly CapabilityTable _capabilities;
    private readonly object _gate = new();
    private readonly List<string> _unlockNotes = [];
    private SerialConsole? _console;
    private bool _bootExpected;
    private int _disposed;

    /// <param name="laptop">The matrix entry.</param>
    /// <param name="options">Timeouts, adapters and clocks; <see cref="SshTargetOptions.Default"/> when null.</param>
    /// <param name="installed">The artifact the laptop runs, when the matrix names one: a bootc image gives it a bootc update channel.</param>
    public SshTarget(LaptopEntry laptop, SshTargetOptions? options = null, Artifact? installed = null)
    {
        ArgumentNullException.ThrowIfNull(laptop);
        options ??= SshTargetOptions.Default;
        options.Validate();
        Laptop = laptop;
        _options = options;
        Timeouts = new TargetTimeouts(laptop.Timeouts.Connect, laptop.Timeouts.Command, laptop.Timeouts.Boot, laptop.Timeouts.Resume);
        _shell = new LaptopShell(laptop, options.ConfigureShell);
        _luks = new Lazy<Secret?>(ResolveLuksPassphrase);
        _power = laptop.Adapters.Power is { } adapter
            ? new LaptopPower(() => options.PowerFactory(adapter), _shell, AsRoot, options.PowerOffCommand, options.ShutdownSettle, options.TimeProvider, ExpectBoot)
            : null;
        _keyboard = laptop.Adapters.Keyboard is CommandKeyboardAdapter keys ? new CommandKeyboard(keys, laptop.Timeouts.Command) : null;
        _sleep = laptop.DeclaredCapabilities.Suspend == SuspendMethod.Rtcwake ? new RtcAlarmSleep(() => _shell, AsRoot, new SleepBudgets { Resume = laptop.Timeouts.Resume }, options.TimeProvider) : null;
        _bootCycle = _power is not null && (laptop.Adapters.Console is not null || _keyboard is not null) ? new LaptopBootCycle(this, _power) : null;
        var adapters = laptop.Adapters;
        Installed = installed;
        _capabilities = new CapabilityTable($"laptop {Name}")
            .Offer<IShell>(_shell)
            .Offer<ISerialConsole>(Console, $"laptop {Name} has no console adapter (adapters.console, e.g. type: tcp for a serial-over-TCP port)")
            .Offer<IKeyboard>(_keyboard, otherwise: adapters.Keyboard is null
                ? $"laptop {Name} has no keyboard adapter (adapters.keyboard)"
                : $"laptop {Name} has a '{adapters.Keyboard.Type}' keyboard adapter, which this harness does not drive yet (command does)")
            .Lack<IScreen>($"laptop {Name} has no screen capture: no laptop adapter captures a display")
            .Offer<IPower>(_power, otherwise: $"laptop {Name} has no power adapter (adapters.power: command or ipmi)")
            .Offer<ISleep>(_sleep, otherwise: $"laptop {Name} declares suspend: none (capabilities.suspend: rtcwake when it can wake itself)")
            .Lack<IUsbPort>($"laptop {Name} has usb_hotplug: {laptop.DeclaredCapabilities.UsbHotplug.ToString().ToLowerInvariant()}: "
                + "the harness cannot plug devices into it (none: no hot-plug; manual: a person at the bench plugs them; gadget: no gadget-board driver yet)")
            .Lack<ILogShare>($"laptop {Name} has no log share: its logs are read over SSH")
            .Lack<ISecureBootSwitch>($"laptop {Name} cannot change its Secure Boot state for a boot: no adapter drives its firmware settings "
                + "(a person would switch Secure Boot off in the firmware menu)")
            .Offer<IBootCycle>(_bootCycle, otherwise:
                $"laptop {Name} cannot power-cycle and answer its LUKS prompt: that needs a power adapter and a console or keyboard adapter "
                + $"(power: {adapters.Power?.Type ?? "none"}, console: {adapters.Console?.Type ?? "none"}, keyboard: {adapters.Keyboard?.Type ?? "none"})")
            // A bootc image updates itself with bootc whatever it runs on; the candidate is the image the matrix names (pinned by its digest).
            .Offer<IUpdateChannel>(installed is OciImageArtifact image ? new BootcUpdateChannel(image) : null, otherwise: installed is null
                ? $"laptop {Name} names no artifact, so nothing says which image it would upgrade to"
                : $"laptop {Name} runs '{installed.Name}' ({installed.Kind}): only a bootc image (an {OciImageArtifact.KindName} artifact) updates through bootc");
    }

    /// <summary>The matrix entry, typed.</summary>
    public LaptopEntry Laptop { get; }

    /// <inheritdoc />
    public TargetEntry Definition => Laptop;

    /// <inheritdoc />
    public TargetTimeouts Timeouts { get; }

    /// <inheritdoc />
    public WifiNetwork? Wifi => Laptop.DeclaredCapabilities.Wifi;

    /// <inheritdoc />
    /// <remarks>Read from its environment variable or file on first use.</remarks>
    /// <exception cref="InvalidOperationException">The matrix names a secret that is not there; the message names the reference, never a value.</exception>
    public Secret? LuksPassphrase => _luks.Value;

    /// <inheritdoc />
    public IShell Shell => _shell;

    /// <summary>The artifact the laptop runs, when the matrix names one.</summary>
    public Artifact? Installed { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Facts
    {
        get
        {
            var facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["address"] = _shell.Endpoint };
            if (Installed is not null)
            {
                facts["candidate"] = Installed switch
                {
                    OciImageArtifact image => image.Digest is null ? $"{image.Reference} (no digest pinned)" : $"{image.Reference}@{image.Digest}",
                    IsoArtifact iso => $"{iso.Name}: ISO sha256 {iso.Sha256}",
                    _ => $"{Installed.Name} ({Installed.Kind})",
                };
            }

            return facts;
        }
    }

    /// <summary>The shell with its SSH specifics (host key seen, waits).</summary>
    public LaptopShell LaptopShell => _shell;

    private bool AsRoot => Laptop.User == "root";

    private string Name => Laptop.Name;

    /// <inheritdoc />
    public CapabilityTable Capabilities
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _capabilities;
        }
    }

    /// <inheritdoc />
    public T? Get<T>() where T : class => Capabilities.Get<T>();

    /// <inheritdoc />
    public string WhyMissing<T>() where T : class => Capabilities.WhyMissing<T>();

    /// <inheritdoc />
    /// <remarks>One SSH attempt bounded by the connect timeout; after power-on or reset (<see cref="IPower"/>, <see cref="IBootCycle"/>), retries until the boot timeout.</remarks>
    /// <exception cref="TargetUnreachableException">Unreachable, key rejected, host key changed or key file unusable.</exception>
    /// <exception cref="WaitTimeoutException">After a power cycle, SSH did not answer within the boot timeout.</exception>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Laptop.Adapters.Console is not null)
        {
            Console();
        }

        bool booting;
        lock (_gate)
        {
            booting = _bootExpected;
        }

        if (booting)
        {
            await _shell.ReconnectAsync(Timeouts.Boot, cancellationToken);
            lock (_gate)
            {
                _bootExpected = false;
            }

            return;
        }

        await _shell.ConnectAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs the reboot command detached, waits for SSH to go away and come back in a new boot (boot id changed)
    /// within the boot timeout. With a console adapter a LUKS prompt seen there is answered with
    /// <see cref="LuksPassphrase"/>; without one the disk must unlock by itself (TPM).
    /// </remarks>
    /// <exception cref="WaitTimeoutException">It did not go down, or did not come back; says whether it may be waiting at a LUKS prompt.</exception>
    public async Task RebootAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken);
        var time = _options.TimeProvider;
        var oldBoot = await LaptopCommands.BootIdAsync(_shell, Timeouts.Command, cancellationToken);
        await DrainConsoleAsync(cancellationToken);
        SerialConsole? console;
        lock (_gate)
        {
            _unlockNotes.Clear();
            console = _console;
        }

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var unlock = console is not null ? AnswerLuksPromptAsync(console, watching.Token) : Task.CompletedTask;
        try
        {
            await LaptopCommands.RunDetachedAsync(_shell, _options.RebootCommand, AsRoot, cancellationToken);
            var started = time.GetTimestamp();
            await WaitUntilGoneAsync(started, oldBoot, cancellationToken);
            await WaitForNewBootAsync(started, oldBoot, cancellationToken);
        }
        finally
        {
            await watching.CancelAsync();
            await unlock;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default)
    {
        var files = new List<EvidenceFile>();
        var notes = new List<string>();
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception)
        {
            // Nowhere to write evidence, nor notes about it.
            return [];
        }

        try
        {
            var journal = Path.Combine(folder, "journal.txt");
            var read = "journalctl -b --no-pager -o short-precise";
            var command = AsRoot
                ? $"{read} 2>&1 | tail -c {_options.JournalMaxBytes.ToString(CultureInfo.InvariantCulture)}"
                : $"{{ sudo -n {read} 2>/dev/null || {read} 2>&1; }} | tail -c {_options.JournalMaxBytes.ToString(CultureInfo.InvariantCulture)}";
            var result = await _shell.RunAsync(command, Timeouts.Command, cancellationToken);
            if (result.StandardOutput.Length == 0)
            {
                notes.Add($"journal: nothing read from {_shell.Endpoint} (exit {result.ExitCode}): {result.StandardError.Trim()}");
            }
            else
            {
                await File.WriteAllTextAsync(journal, result.StandardOutput, cancellationToken);
                files.Add(new EvidenceFile("journal of this boot", journal, "text/plain"));
            }
        }
        catch (Exception e)
        {
            notes.Add($"journal: not collected: {e.Message}");
        }

        SerialConsole? console;
        lock (_gate)
        {
            console = _console;
        }

        if (console is null)
        {
            notes.Add(Laptop.Adapters.Console is null ? $"console: laptop {Name} has no console adapter" : "console: never opened");
        }
        else
        {
            try
            {
                var path = Path.Combine(folder, "console-transcript.txt");
                await File.WriteAllTextAsync(path, console.Transcript, CancellationToken.None);
                files.Add(new EvidenceFile("console transcript", path, "text/plain"));
            }
            catch (Exception e)
            {
                notes.Add($"console: transcript not written: {e.Message}");
            }
        }

        if (notes.Count > 0)
        {
            try
            {
                var path = Path.Combine(folder, "evidence-notes.txt");
                await File.WriteAllTextAsync(path, string.Join('\n', notes) + "\n", CancellationToken.None);
                files.Add(new EvidenceFile("evidence notes", path, "text/plain"));
            }
            catch (IOException)
            {
                // Nothing left to tell it to.
            }
        }

        return files;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SerialConsole? console;
        lock (_gate)
        {
            console = _console;
            _console = null;
        }

        if (console is not null)
        {
            await console.DisposeAsync();
        }

        await _shell.DisposeAsync();
    }

    /// <summary>Consumes everything the console showed so far, so later waits only see the next boot.</summary>
    internal async Task DrainConsoleAsync(CancellationToken cancellationToken)
    {
        SerialConsole? console;
        lock (_gate)
        {
            console = _console;
        }

        if (console is not null)
        {
            await console.WaitForAsync(Everything, TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Marks that the laptop was power-cycled: the next <see cref="EnsureReadyAsync"/> waits for it to boot.</summary>
    internal void ExpectBoot()
    {
        lock (_gate)
        {
            _bootExpected = true;
        }
    }

    private SerialConsole? Console()
    {
        if (Laptop.Adapters.Console is not TcpConsoleAdapter tcp)
        {
            return null;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_console is null)
            {
                Directory.CreateDirectory(_options.WorkDirectory);
                _console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.Tcp(tcp.Host, tcp.Port))
                {
                    TranscriptPath = Path.Combine(_options.WorkDirectory, $"{Name}-console.log"),
                    TimeProvider = _options.TimeProvider,
                });
            }

            return _console;
        }
    }

    private Secret? ResolveLuksPassphrase()
    {
        if (Laptop.LuksPassphrase is null)
        {
            return null;
        }

        Secret secret;
        try
        {
            secret = Laptop.LuksPassphrase.Resolve();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"target {Name}: LUKS passphrase ({Laptop.LuksPassphrase}) unavailable: {e.Message}", e);
        }

        Redactor.Global.Register(secret);
        return secret;
    }

    private async Task WaitUntilGoneAsync(long started, string oldBoot, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var left = Timeouts.Boot - time.GetElapsedTime(started);
        await new Poll($"laptop {Name} ({_shell.Endpoint}) to go down after '{_options.RebootCommand}'", left > TimeSpan.Zero ? left : TimeSpan.Zero).On(time)
            .UntilAsync(async ct => await LaptopCommands.AnswersAsync(_shell, ct)
                ? PollOutcome<bool>.NotYet($"SSH kept answering in the same boot (boot id {oldBoot}).")
                : PollOutcome<bool>.Done(true), cancellationToken);
    }

    private async Task WaitForNewBootAsync(long started, string oldBoot, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var left = Timeouts.Boot - time.GetElapsedTime(started);
        var seen = new StringBuilder();
        var reconnecting = false;
        // Between looks at the old boot, 2 s; a connection lost while reading the boot id is the OS going down now.
        var wait = new Poll($"laptop {Name} ({_shell.Endpoint}) to answer SSH in a new boot", left > TimeSpan.Zero ? left : TimeSpan.Zero)
            .Every(TimeSpan.FromSeconds(2)).On(time)
            .RetryingOn<TargetUnreachableException>(e => e.Failure == Channels.Shell.SshConnectFailure.ConnectionLost);
        try
        {
            await wait.UntilAsync(async (attempt, ct) =>
            {
                // A look at the deadline has no time left to reconnect in.
                if (attempt.Number > 1 && attempt.Remaining <= TimeSpan.Zero)
                {
                    return PollOutcome<bool>.NotYet(seen.ToString());
                }

                // Its own timeout (what SSH answered, e.g. "connection refused") ends the wait below.
                reconnecting = true;
                await _shell.ReconnectAsync(attempt.Remaining > TimeSpan.Zero ? attempt.Remaining : TimeSpan.Zero, ct);
                reconnecting = false;
                var boot = await LaptopCommands.BootIdAsync(_shell, Timeouts.Command, ct);
                if (boot != oldBoot)
                {
                    return PollOutcome<bool>.Done(true);
                }

                // Still the old boot: sshd answered again before the OS went down for good, or only sshd restarted.
                seen.AppendLine(CultureInfo.InvariantCulture, $"[+{time.GetElapsedTime(started).TotalSeconds:0.0}s] SSH answered in the old boot ({oldBoot})");
                return PollOutcome<bool>.NotYet(seen.ToString());
            }, cancellationToken);
        }
        catch (WaitTimeoutException e) when (reconnecting || e.WaitedFor.StartsWith(wait.WaitingFor, StringComparison.Ordinal))
        {
            // Said once, with what is known only now: the console's unlock notes and tail.
            throw new WaitTimeoutException(NotBackDescription(), Timeouts.Boot, LastSeen(e.LastSeen));
        }
    }

    private string NotBackDescription()
    {
        var adapters = Laptop.Adapters;
        var what = $"laptop {Name} ({_shell.Endpoint}) to answer SSH in a new boot after '{_options.RebootCommand}'";
        if (adapters.Console is not null)
        {
            string notes;
            lock (_gate)
            {
                notes = _unlockNotes.Count == 0 ? "no LUKS prompt seen on its console" : string.Join("; ", _unlockNotes);
            }

            return $"{what} ({notes})";
        }

        return adapters.Keyboard is not null
            ? $"{what}; it has a keyboard adapter but no console to see the LUKS prompt, so nothing was typed: it may be waiting at a LUKS prompt"
            : $"{what}; it has no console or keyboard adapter, so its disk must unlock by itself (TPM): it may be waiting at a LUKS prompt";
    }

    private string LastSeen(string ssh)
    {
        SerialConsole? console;
        lock (_gate)
        {
            console = _console;
        }

        if (console is null)
        {
            return ssh;
        }

        var lines = console.Transcript.Split('\n');
        return ssh + "\nconsole:\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }

    private async Task AnswerLuksPromptAsync(SerialConsole console, CancellationToken cancellationToken)
    {
        try
        {
            await console.WaitForAsync(LuksBootMarkers.Prompt, Timeouts.Boot, cancellationToken);
            Secret? passphrase;
            try
            {
                passphrase = LuksPassphrase;
            }
            catch (InvalidOperationException e)
            {
                Note($"LUKS prompt seen on the console, nothing typed: {e.Message}");
                return;
            }

            if (passphrase is null)
            {
                Note("LUKS prompt seen on the console, nothing typed: the target has no luks_passphrase_env/luks_passphrase_file");
                return;
            }

            await console.WriteSecretLineAsync(passphrase, cancellationToken);
            Note("LUKS passphrase typed on the console");
            await console.WaitForAsync(LuksBootMarkers.Prompt, Timeouts.Boot, cancellationToken);
            Note("the LUKS prompt was asked again after the passphrase: is luks_passphrase right?");
        }
        catch (OperationCanceledException)
        {
            // The laptop came back (or the reboot failed): stop watching.
        }
        catch (Exception e) when (e is WaitTimeoutException or IOException or ObjectDisposedException)
        {
            Note($"console: {e.Message.Split('\n')[0]}");
        }
    }

    private void Note(string note)
    {
        lock (_gate)
        {
            _unlockNotes.Add(note);
        }
    }
}
