using System.Globalization;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Images;

/// <summary>
/// Turns the output of a recipe's build.sh into a few progress lines: every line goes, redacted, to the
/// <see cref="RecipeBuildLog"/>; only the <see cref="PhaseMarker"/> lines reach the caller, as
/// <c>reference guest: packages 34 s (45%)</c>, plus one line with the latest output when nothing was shown for
/// <see cref="QuietInterval"/> (so a stuck build is visible). The last <see cref="KeptOutputLines"/> lines are kept for
/// the error. Safe to feed from stdout and stderr at once.
/// </summary>
public sealed class RecipeBuildProgress : IDisposable
{
    /// <summary>How many of the script's last lines an error carries.</summary>
    public const int KeptOutputLines = 40;

    /// <summary>Default time without a shown line after which the latest output is shown.</summary>
    public static readonly TimeSpan DefaultQuietInterval = TimeSpan.FromSeconds(30);

    /// <summary>A percentage is shown when it is this many points past the last one shown (or reaches 100).</summary>
    public const int PercentStep = 10;

    private const int ShownOutputChars = 160;
    private readonly object _gate = new();
    private readonly RecipeBuildLog _log;
    private readonly Action<string> _output;
    private readonly TimeProvider _time;
    private readonly Queue<string> _last = new();
    private readonly List<PhaseTime> _phases = [];
    private ITimer? _quietTimer;
    private long _started;
    private long _phaseStarted;
    private long _lastShown;
    private int? _lastPercent;
    private string? _latest;
    private bool _ended;
    private bool _anyOutput;

    /// <param name="label">Names the build in every line (<c>reference guest</c>, <c>installer ISO</c>).</param>
    /// <param name="log">Receives every line; this object disposes it.</param>
    /// <param name="output">Receives the progress lines.</param>
    /// <param name="quietInterval">Time without a shown line after which the latest output is shown; default <see cref="DefaultQuietInterval"/>.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public RecipeBuildProgress(string label, RecipeBuildLog log, Action<string> output, TimeSpan? quietInterval = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(output);
        QuietInterval = quietInterval ?? DefaultQuietInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(QuietInterval, TimeSpan.Zero);
        Label = label;
        _log = log;
        _output = output;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a phase ran.</summary>
    public sealed record PhaseTime(string Phase, TimeSpan Duration);

    public string Label { get; }

    public TimeSpan QuietInterval { get; }

    /// <summary>The full, redacted log.</summary>
    public string LogFile => _log.Path;

    /// <summary>The phase the build is in (or ended in), or null before its first marker.</summary>
    public string? CurrentPhase { get; private set; }

    /// <summary>The phases that ended, in order, with how long each ran (the last one ends with <see cref="End"/>).</summary>
    public IReadOnlyList<PhaseTime> Phases
    {
        get
        {
            lock (_gate)
            {
                return [.. _phases];
            }
        }
    }

    /// <summary>The last <see cref="KeptOutputLines"/> lines, redacted, markers included.</summary>
    public IReadOnlyList<string> LastLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _last];
            }
        }
    }

    /// <summary>Shows the first line (it names the log file) and starts the clock and the quiet-time check.</summary>
    /// <param name="what">What is being run, e.g. <c>vms/reference/build.sh --force</c>.</param>
    public void Begin(string what)
    {
        lock (_gate)
        {
            _started = _phaseStarted = _time.GetTimestamp();
            Show($"{Label}: running {what}; full log {LogFile}");
            _quietTimer = _time.CreateTimer(_ => ShowLatestIfQuiet(), null, QuietInterval, QuietInterval);
        }
    }

    /// <summary>Takes one line of build.sh's output (stdout or stderr).</summary>
    public void Receive(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var safe = Redactor.Global.Redact(line);
        _log.Append(safe);
        lock (_gate)
        {
            _last.Enqueue(safe);
            if (_last.Count > KeptOutputLines)
            {
                _last.Dequeue();
            }

            if (PhaseMarker.TryParse(safe) is not { } marker)
            {
                if (safe.Trim().Length > 0)
                {
                    _latest = safe;
                    _anyOutput = true;
                }

                return;
            }

            var now = _time.GetTimestamp();
            if (marker.Phase != CurrentPhase)
            {
                var ended = CloseCurrentPhase(now);
                CurrentPhase = marker.Phase;
                _phaseStarted = now;
                _lastPercent = null;
                Show($"{Label}: {marker.Phase} started at {Seconds(_started, now)}"
                     + (ended is null ? string.Empty : $" ({ended.Phase} took {Seconds(ended.Duration)})"));
            }

            if (marker.Percent is { } percent && (_lastPercent is null || percent >= _lastPercent + PercentStep || (percent == 100 && _lastPercent != 100)))
            {
                _lastPercent = percent;
                Show($"{Label}: {marker.Phase} {Seconds(_phaseStarted, now)} ({percent}%)");
            }
        }
    }

    /// <summary>Shows the latest output line when nothing was shown for <see cref="QuietInterval"/> (the timer calls it).</summary>
    public void ShowLatestIfQuiet()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_ended || _time.GetElapsedTime(_lastShown, now) < QuietInterval)
            {
                return;
            }

            var where = CurrentPhase is null ? $"{Seconds(_started, now)}" : $"{CurrentPhase} {Seconds(_phaseStarted, now)}";
            var latest = _latest is null ? (_anyOutput ? "no new output" : "no output yet")
                : "latest: " + (_latest.Length > ShownOutputChars ? _latest[..ShownOutputChars] + "…" : _latest);
            _latest = null;
            Show($"{Label}: {where}, still running; {latest}");
        }
    }

    /// <summary>Ends the last phase and shows how the build ended, with each phase's time.</summary>
    /// <param name="exitCode">build.sh's exit code, or null when it was stopped at its time limit.</param>
    public void End(int? exitCode)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _quietTimer?.Dispose();
            var now = _time.GetTimestamp();
            var phase = CurrentPhase;
            CloseCurrentPhase(now);
            var took = string.Join(", ", _phases.Select(p => $"{p.Phase} {Seconds(p.Duration)}"));
            var total = Seconds(_started, now);
            Show(exitCode switch
            {
                0 => $"{Label}: build.sh finished in {total}" + (took.Length == 0 ? string.Empty : $" ({took})"),
                null => $"{Label}: build.sh stopped at its time limit after {total}{In(phase)}; full log {LogFile}",
                _ => $"{Label}: build.sh exited with code {exitCode} after {total}{In(phase)}; full log {LogFile}",
            });
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _quietTimer?.Dispose();
            _ended = true;
        }

        _log.Dispose();
    }

    private static string In(string? phase) => phase is null ? " (before its first phase)" : $" in phase {phase}";

    private PhaseTime? CloseCurrentPhase(long now)
    {
        if (CurrentPhase is null)
        {
            return null;
        }

        var ended = new PhaseTime(CurrentPhase, _time.GetElapsedTime(_phaseStarted, now));
        _phases.Add(ended);
        return ended;
    }

    private string Seconds(long from, long to) => Seconds(_time.GetElapsedTime(from, to));

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");

    private void Show(string line)
    {
        _lastShown = _time.GetTimestamp();
        _output(line);
    }
}
