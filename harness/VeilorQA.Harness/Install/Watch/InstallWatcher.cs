using System.Globalization;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Watch;

/// <summary>
/// Follows an install from Anaconda's virtio-serial log port and the serial console: the phases it went through (with
/// the time each began), whether it completed, and the first fatal error it announced, explained in one line.
/// </summary>
/// <remarks>
/// <para>Thread-safe: the two sources may be fed from two threads, interleaved in any order. The same text often arrives
/// from both (Anaconda prints its progress and errors on the console and logs them): phases only move forward and a
/// failure's lines are kept once.</para>
/// <para>Failure texts are matched at the start of a message (after the log prefix or the kernel timestamp), so a line
/// that merely mentions them (an echoed kickstart line, <c>rd.emergency=poweroff</c>, a shell command) does not count;
/// lines equal to a line of the kickstart given to the constructor never count. Only the first fatal error is kept:
/// what follows it (<c>%onerror</c> output, the clean-up) adds no second failure. After "Installation complete" no
/// failure is recognised any more (the power-off is not the install); a fatal error before it wins over the completion.</para>
/// <para>Every line is masked (the kickstart's <c>--passphrase</c>/<c>--password</c> values and every secret registered
/// with <see cref="Redactor.Global"/>) before it is stored, matched or explained.</para>
/// </remarks>
public sealed partial class InstallWatcher
{
    /// <summary>How many lines a failure keeps as evidence (its header and the lines after it).</summary>
    public const int EvidenceLimit = 20;

    /// <summary>How many lines <see cref="LastLines"/> can return.</summary>
    public const int LinesKept = 200;

    /// <summary>How many console lines are searched back for the BUG/oops line of a kernel "Call Trace:".</summary>
    private const int KernelLinesKept = 40;

    private static readonly (string Prefix, InstallPhase Phase)[] PhaseLines =
    [
        ("Starting installer", InstallPhase.Kickstart),
        ("Starting automated install", InstallPhase.Kickstart),
        ("Running pre-installation scripts", InstallPhase.PreScripts),
        ("Configuring storage", InstallPhase.Storage),
        ("Creating disklabel on ", InstallPhase.Storage),
        ("Deployment starting: ", InstallPhase.PayloadPull),
        ("Running... ostree container image deploy", InstallPhase.PayloadPull),
        ("Deployment complete: ", InstallPhase.Deploy),
        ("Performing post-installation setup tasks", InstallPhase.Deploy),
        ("Installing boot loader", InstallPhase.Bootloader),
        ("Configuring installed system", InstallPhase.Configuration),
        ("Writing network configuration", InstallPhase.Configuration),
        ("Creating users", InstallPhase.Configuration),
        ("Storing configuration files and kickstarts", InstallPhase.Configuration),
        ("Running post-installation scripts", InstallPhase.PostScripts),
    ];

    /// <summary>Lines that end a failure's text: the cmdline-mode stop notice, <c>%onerror</c>, the installer's power-off notice.</summary>
    private static readonly string[] Terminators =
    [
        "The installation was stopped due to an error",
        "The exact error message is",
        "The installer will now terminate",
        "The installer has run %onerror",
        "Running kickstart %onerror",
        "All kickstart %onerror",
        "Installation failed (",
        "kickstart parse error: installation aborted",
    ];

    private readonly Lock _gate = new();
    private readonly HashSet<string> _kickstartLines = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _kickstartByNumber;
    private readonly Queue<string> _last = new();
    private readonly Queue<string> _kernelLines = new();
    private readonly List<PhaseChange> _phases = [];
    private readonly Dictionary<int, int> _scriptExitCodes = [];
    private readonly AnsiEscapeFilter _ansi = new();
    private FailureDraft? _failure;
    private InstallFailure? _failureSnapshot;
    private FailureDraft? _warning;
    private InstallFailure? _warningSnapshot;
    private ProgramRun? _running;
    private ProgramRun? _lastFailedRun;
    private bool _completed;
    private bool _awaitingExactMessage;
    private string? _exactMessage;

    /// <summary>A watcher; <paramref name="kickstart"/> (the kickstart the install reads, masked here and never stored
    /// unmasked) lets a parse error quote the offending line and keeps echoed kickstart lines from counting as failures.</summary>
    public InstallWatcher(string? kickstart = null)
    {
        var lines = kickstart is null ? [] : KickstartParser.SplitLines(kickstart).Select(Mask).ToList();
        _kickstartByNumber = lines;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                _kickstartLines.Add(trimmed);
            }
        }
    }

    /// <summary>Raised on the feeding thread, after the line is processed, each time the install enters a later phase.</summary>
    public event Action<PhaseChange>? PhaseChanged;

    /// <summary>The phases entered so far, in order, each once.</summary>
    public IReadOnlyList<PhaseChange> Phases
    {
        get
        {
            lock (_gate)
            {
                return [.. _phases];
            }
        }
    }

    /// <summary>The phase the install is in (<see cref="InstallPhase.Booting"/> before Anaconda's first line).</summary>
    public InstallPhase Current
    {
        get
        {
            lock (_gate)
            {
                return _phases.Count == 0 ? InstallPhase.Booting : _phases[^1].Phase;
            }
        }
    }

    /// <summary>Whether "Installation complete" was announced.</summary>
    public bool Completed
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>The installer's first fatal error recognised, with what is known of it so far (lines after it may still
    /// refine it). A kernel call trace or OOM kill is a <see cref="Warning"/>, never this: an installer error that follows
    /// one is what explains the install.</summary>
    public InstallFailure? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failureSnapshot;
            }
        }
    }

    /// <summary>The first kernel call trace or OOM kill seen before the installer's end. It does not end an install by
    /// itself (a soft lockup of an emulated CPU on a loaded host, a helper killed and retried): it explains the install
    /// only when the installer then stops without an error of its own.</summary>
    public InstallFailure? Warning
    {
        get
        {
            lock (_gate)
            {
                return _warningSnapshot;
            }
        }
    }

    /// <summary>A line from the <c>org.fedoraproject.anaconda.log.0</c> port: <c>HH:MM:SS,mmm LEVEL logger:message</c>, or as
    /// Anaconda's rsyslog forwards it, <c>HH:MM:SS,mmm SEVERITY program:LEVEL:logger:message</c>.</summary>
    public void OnAnacondaLogLine(string line, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        var masked = Mask(line.TrimEnd('\r', '\n'));
        var (logger, messages) = ParseLogLine(masked);
        List<PhaseChange> entered = [];
        lock (_gate)
        {
            Remember(WatchedSource.Anaconda, masked);
            foreach (var message in messages)
            {
                Process(new WatchedLine(WatchedSource.Anaconda, message, logger, Kernel: false), at, entered);
            }
        }

        Raise(entered);
    }

    /// <summary>A line from the serial console (ANSI escapes, carriage returns and kernel timestamps are dealt with here).</summary>
    public void OnConsoleLine(string line, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        List<PhaseChange> entered = [];
        lock (_gate)
        {
            // A line redrawn with CR shows its last version; the filter keeps an escape split across calls for the next one.
            var segments = line.TrimEnd('\r', '\n').Split('\r');
            var visible = segments.LastOrDefault(s => s.Trim().Length > 0) ?? string.Empty;
            var clean = Mask(_ansi.Filter(visible));
            Remember(WatchedSource.Console, clean);
            var message = clean;
            var kernel = KernelStamp().Match(message);
            if (kernel.Success)
            {
                message = message[kernel.Length..];
            }
            else
            {
                var tag = SyslogTag().Match(message);
                if (tag.Success)
                {
                    message = message[tag.Length..];
                }
            }

            Process(new WatchedLine(WatchedSource.Console, message, null, kernel.Success), at, entered);
        }

        Raise(entered);
    }

    /// <summary>The last <paramref name="count"/> non-blank lines from both sources in arrival order, each prefixed by its
    /// source (<c>[anaconda] </c> or <c>[console] </c>), masked.</summary>
    public IReadOnlyList<string> LastLines(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            return [.. _last.Skip(Math.Max(0, _last.Count - count))];
        }
    }

    /// <summary>
    /// The verdict once the VM has stopped (<paramref name="poweredOff"/>: it powered off, else it rebooted or reset):
    /// null when the install completed without a fatal error; the recognised failure; else
    /// <see cref="InstallFailureKind.EndedWithoutCompletion"/> with the last lines as evidence.
    /// </summary>
    public InstallFailure? Ended(bool poweredOff)
    {
        lock (_gate)
        {
            if (_failureSnapshot is not null)
            {
                return _failureSnapshot;
            }

            if (_completed)
            {
                return null;
            }

            if (_warningSnapshot is not null)
            {
                return _warningSnapshot;
            }

            var how = poweredOff ? "powered off" : "rebooted";
            var phase = CurrentPhaseText();
            var explanation = _exactMessage is not null
                ? $"the installer {how} in phase {phase} after an error in a form this watcher does not know: {_exactMessage}"
                : $"the installer {how} in phase {phase} without \"Installation complete\" and without a recognised error; last line: {LastLineText()}";
            return new InstallFailure(InstallFailureKind.EndedWithoutCompletion, Mask(explanation), LastLinesLocked(EvidenceLimit));
        }
    }

    /// <summary>
    /// The verdict when the install did not end within <paramref name="limit"/>: the recognised failure when there is one
    /// (Anaconda waits before it powers off after an error), else <see cref="InstallFailureKind.Timeout"/> naming the
    /// phase it was stuck in, since when, and the last lines.
    /// </summary>
    public InstallFailure TimedOut(TimeSpan limit)
    {
        lock (_gate)
        {
            if (_failureSnapshot is not null)
            {
                return _failureSnapshot;
            }

            var within = FormatSpan(limit);
            var explanation = _completed
                ? $"the install announced \"Installation complete\" but the VM did not power off or reboot within {within}; last line: {LastLineText()}"
                : $"the install did not end within {within}: stuck in phase {CurrentPhaseText()}; last line: {LastLineText()}";
            if (_warningSnapshot is { } warning)
            {
                explanation += $"; earlier, {warning.Explanation}";
            }

            return new InstallFailure(InstallFailureKind.Timeout, Mask(explanation), LastLinesLocked(EvidenceLimit));
        }
    }

    private static string Mask(string text) => Redactor.Global.Redact(KickstartSecrets.MaskText(text));

    private static string FormatSpan(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");

    /// <summary>The logger and the message(s) of a log line; rsyslog escapes a multi-line message's newlines as <c>#012</c>.</summary>
    private static (string? Logger, IReadOnlyList<string> Messages) ParseLogLine(string line)
    {
        var stamped = LogStamp().Match(line);
        if (!stamped.Success)
        {
            return (null, [line]);
        }

        var rest = stamped.Groups["rest"].Value;
        var forwarded = ForwardedShape().Match(rest);
        var shape = forwarded.Success ? forwarded : PlainShape().Match(rest);
        var logger = shape.Success ? shape.Groups["logger"].Value : null;
        var message = shape.Success ? shape.Groups["message"].Value : rest;
        return (logger, message.Split("#012"));
    }

    private void Remember(WatchedSource source, string line)
    {
        if (line.Trim().Length == 0)
        {
            return;
        }

        if (_last.Count == LinesKept)
        {
            _last.Dequeue();
        }

        _last.Enqueue(source == WatchedSource.Anaconda ? $"[anaconda] {line}" : $"[console] {line}");
    }

    private void Process(WatchedLine line, DateTimeOffset at, List<PhaseChange> entered)
    {
        var message = line.Message.TrimEnd();
        var text = message.Trim();
        if (line.Source == WatchedSource.Console)
        {
            RememberKernelLine(text);
        }

        TrackProgram(line, text);
        if (text.Length == 0 || _kickstartLines.Contains(text))
        {
            return;
        }

        TrackPhase(text, at, entered);
        TrackCmdlineStop(text);

        if (_failure is not null)
        {
            if (Continue(_failure, line, message, text))
            {
                _failureSnapshot = _failure.ToFailure(Mask);
            }

            return;
        }

        if (_completed)
        {
            return;
        }

        var draft = Recognise(text);
        if (draft is null || (IsWarning(draft.Kind) && _warning is not null))
        {
            if (_warning is not null && Continue(_warning, line, message, text))
            {
                _warningSnapshot = _warning.ToFailure(Mask);
            }

            return;
        }

        if (line.Source == WatchedSource.Anaconda)
        {
            draft.AnacondaLogger = line.Logger;
        }

        Enrich(draft);
        if (IsWarning(draft.Kind))
        {
            _warning = draft;
            _warningSnapshot = draft.ToFailure(Mask);
            return;
        }

        if (_warning is not null)
        {
            _warning.Collecting = false;
        }

        _failure = draft;
        _failureSnapshot = draft.ToFailure(Mask);
    }

    private static bool IsWarning(InstallFailureKind kind) => kind is InstallFailureKind.KernelCallTrace or InstallFailureKind.OutOfMemory;

    /// <summary>A line after a failure or warning: more of its text, the same header from the other source, or not its
    /// business. True when the draft changed.</summary>
    private static bool Continue(FailureDraft failure, WatchedLine line, string message, string text)
    {
        if (line.Source == WatchedSource.Anaconda && failure.Holds(text) && failure.AnacondaLogger is null)
        {
            failure.AnacondaLogger = line.Logger;
        }

        if (!failure.Collecting || failure.Holds(text))
        {
            return false;
        }

        if (Terminators.Any(t => text.StartsWith(t, StringComparison.Ordinal)) || Recognise(text) is not null)
        {
            failure.Collecting = false;
            return false;
        }

        var belongs = line.Source == WatchedSource.Console
            ? !line.Kernel || failure.Kind == InstallFailureKind.KernelCallTrace
            : failure.AnacondaLogger is not null && line.Logger == failure.AnacondaLogger;
        return belongs && failure.AddDetail(message);
    }

    /// <summary>Adds what earlier lines told: the command that failed, the script's exit code, the offending kickstart line, the oops.</summary>
    private void Enrich(FailureDraft draft)
    {
        switch (draft.Kind)
        {
            case InstallFailureKind.Payload when _lastFailedRun is not null:
                draft.Command = _lastFailedRun;
                draft.AddEarlier([$"Running... {_lastFailedRun.Command}", .. _lastFailedRun.Output]);
                break;
            case InstallFailureKind.KickstartParse when draft.LineNumber is { } n && n >= 1 && n <= _kickstartByNumber.Count:
                draft.OffendingLine = _kickstartByNumber[n - 1].Trim();
                break;
            case InstallFailureKind.Script when draft.LineNumber is { } n && _scriptExitCodes.TryGetValue(n, out var code):
                draft.ScriptExitCode = code;
                break;
            case InstallFailureKind.KernelCallTrace:
                // "BUG: …" or "WARNING: CPU: …" says what went wrong; the "Oops: 0000 [#1]" between it and the trace does not.
                draft.KernelHeadline = _kernelLines.Reverse().FirstOrDefault(l => OopsHeadline().IsMatch(l) && !l.StartsWith("Oops", StringComparison.Ordinal))
                                       ?? _kernelLines.Reverse().FirstOrDefault(l => l.StartsWith("Oops", StringComparison.Ordinal));
                if (draft.KernelHeadline is not null)
                {
                    draft.AddEarlier([draft.KernelHeadline]);
                }

                break;
        }
    }

    private static FailureDraft? Recognise(string text)
    {
        Match m;
        if ((m = KickstartProblem().Match(text)).Success)
        {
            return new FailureDraft(InstallFailureKind.KickstartParse, text, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), m.Groups["rest"].Value);
        }

        if (NoKickstart().IsMatch(text))
        {
            return new FailureDraft(InstallFailureKind.NoKickstart, text, null, null);
        }

        if ((m = PayloadFatal().Match(text)).Success)
        {
            return new FailureDraft(InstallFailureKind.Payload, text, null, m.Groups["rest"].Value);
        }

        if ((m = PayloadSetup().Match(text)).Success)
        {
            return new FailureDraft(InstallFailureKind.Payload, text, null, m.Groups["rest"].Value);
        }

        if ((m = StorageFailed().Match(text)).Success)
        {
            return new FailureDraft(InstallFailureKind.Storage, text, null, m.Groups["rest"].Value);
        }

        if (text.StartsWith("The following error occurred while installing the boot loader", StringComparison.Ordinal))
        {
            return new FailureDraft(InstallFailureKind.Bootloader, text, null, null);
        }

        if ((m = ScriptFailed().Match(text)).Success)
        {
            return new FailureDraft(InstallFailureKind.Script, text, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), null);
        }

        if (text.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal) || CrashedOnSignal().IsMatch(text))
        {
            return new FailureDraft(InstallFailureKind.Traceback, text, null, null);
        }

        if (text.StartsWith("Out of memory:", StringComparison.Ordinal))
        {
            return new FailureDraft(InstallFailureKind.OutOfMemory, text, null, null);
        }

        return text.StartsWith("Call Trace:", StringComparison.Ordinal)
            ? new FailureDraft(InstallFailureKind.KernelCallTrace, text, null, null)
            : null;
    }

    /// <summary>Follows program.log's <c>Running...</c>/output/<c>Return code: N</c> so a payload failure can name its command.</summary>
    private void TrackProgram(WatchedLine line, string text)
    {
        var script = ScriptExitCode().Match(text);
        if (script.Success)
        {
            _scriptExitCodes[int.Parse(script.Groups["line"].Value, CultureInfo.InvariantCulture)] =
                int.Parse(script.Groups["code"].Value, CultureInfo.InvariantCulture);
        }

        if (line.Source != WatchedSource.Anaconda || line.Logger != "program")
        {
            return;
        }

        if (text.StartsWith("Running... ", StringComparison.Ordinal))
        {
            _running = new ProgramRun(text["Running... ".Length..]);
            return;
        }

        var code = ReturnCode().Match(text);
        if (code.Success && _running is not null)
        {
            _running.ExitCode = int.Parse(code.Groups["code"].Value, CultureInfo.InvariantCulture);
            // Only the latest command counts: a payload error follows its failing command directly.
            _lastFailedRun = _running.ExitCode != 0 ? _running : null;

            _running = null;
            return;
        }

        if (text.Length > 0)
        {
            _running?.AddOutput(text);
        }
    }

    private void TrackPhase(string text, DateTimeOffset at, List<PhaseChange> entered)
    {
        InstallPhase? phase = null;
        if (text == "Installation complete" || text.StartsWith("Installation complete.", StringComparison.Ordinal))
        {
            phase = InstallPhase.Done;
            _completed = true;
        }
        else if (AnacondaStarted().IsMatch(text))
        {
            phase = InstallPhase.Kickstart;
        }
        else
        {
            foreach (var (prefix, p) in PhaseLines)
            {
                if (text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    phase = p;
                    break;
                }
            }
        }

        var current = _phases.Count == 0 ? InstallPhase.Booting : _phases[^1].Phase;
        if (phase is { } next && next > current)
        {
            var change = new PhaseChange(next, at, text);
            _phases.Add(change);
            entered.Add(change);
        }
    }

    /// <summary>The cmdline-mode stop notice is context; its "exact error message" explains an end no known text explained.</summary>
    private void TrackCmdlineStop(string text)
    {
        if (text.StartsWith("The exact error message is", StringComparison.Ordinal))
        {
            var rest = text["The exact error message is".Length..].TrimStart(':', ' ');
            if (rest.Length > 0)
            {
                _exactMessage ??= rest;
            }
            else
            {
                _awaitingExactMessage = _exactMessage is null;
            }

            return;
        }

        if (_awaitingExactMessage)
        {
            _exactMessage = text;
            _awaitingExactMessage = false;
        }
    }

    private void RememberKernelLine(string text)
    {
        if (_kernelLines.Count == KernelLinesKept)
        {
            _kernelLines.Dequeue();
        }

        _kernelLines.Enqueue(text);
    }

    private void Raise(List<PhaseChange> entered)
    {
        var handler = PhaseChanged;
        if (handler is null)
        {
            return;
        }

        foreach (var change in entered)
        {
            handler(change);
        }
    }

    private string CurrentPhaseText()
    {
        if (_phases.Count == 0)
        {
            return $"{InstallPhase.Booting} (no installer line seen)";
        }

        var last = _phases[^1];
        return $"{last.Phase} (entered at {last.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} by \"{last.Line}\")";
    }

    private string LastLineText() => _last.Count == 0 ? "(no line seen from either source)" : _last.Last();

    private IReadOnlyList<string> LastLinesLocked(int count) => [.. _last.Skip(Math.Max(0, _last.Count - count))];

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2},\d{3}\s+[A-Z]+\s+(?<rest>.*)$")]
    private static partial Regex LogStamp();

    [GeneratedRegex(@"^[\w.\-]+:(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|CRIT):(?<logger>[\w.\-]+):(?<message>.*)$")]
    private static partial Regex ForwardedShape();

    [GeneratedRegex(@"^(?<logger>[\w.\-]+):(?<message>.*)$")]
    private static partial Regex PlainShape();

    [GeneratedRegex(@"^\[\s*\d+\.\d+\]\s?")]
    private static partial Regex KernelStamp();

    [GeneratedRegex(@"^[\w.@\-]+\[\d+\]: ")]
    private static partial Regex SyslogTag();

    [GeneratedRegex(@"^anaconda \S+ .*started\.?$")]
    private static partial Regex AnacondaStarted();

    [GeneratedRegex(@"^The following problem occurred on line (?<line>\d+) of the kickstart file:?\s*(?<rest>.*)$")]
    private static partial Regex KickstartProblem();

    [GeneratedRegex(@"^(?:No kickstart found|The kickstart (?:file|device) .*(?:was not found|could not be fetched|could not be mounted))")]
    private static partial Regex NoKickstart();

    [GeneratedRegex(@"^The following error occurred while installing the payload\.(?: This is a fatal error and installation will be aborted\.)?\s*(?<rest>.*)$")]
    private static partial Regex PayloadFatal();

    [GeneratedRegex(@"^Payload setup error:\s*(?<rest>.*)$")]
    private static partial Regex PayloadSetup();

    [GeneratedRegex(@"^storage configuration failed:\s*(?<rest>.*)$")]
    private static partial Regex StorageFailed();

    [GeneratedRegex(@"^There was an error running the kickstart script at line (?<line>\d+)")]
    private static partial Regex ScriptFailed();

    [GeneratedRegex(@"^Error code (?<code>-?\d+) running the kickstart script at line (?<line>\d+)")]
    private static partial Regex ScriptExitCode();

    [GeneratedRegex(@"^Return code: (?<code>-?\d+)")]
    private static partial Regex ReturnCode();

    [GeneratedRegex(@"^[\w./\-]+(?:\[\d+\])?:? .*\bcrashed on signal \d+")]
    private static partial Regex CrashedOnSignal();

    [GeneratedRegex(@"^(?:BUG:|Oops|Kernel panic|general protection fault|WARNING: CPU:|WARNING: at |watchdog: BUG: soft lockup|INFO: task .* blocked for more than|Unable to handle kernel)")]
    private static partial Regex OopsHeadline();
}
