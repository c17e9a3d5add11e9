using System.Globalization;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>
/// A suspend cycle driven through the target's shell: a journal marker, <c>systemctl suspend</c> detached (so the command
/// returns first), a wait until the shell falls silent, the wake (the subclass's), the shell back, the resume markers.
/// </summary>
/// <remarks>
/// The path through logind, NetworkManager and systemd-sleep is the one a user takes (<c>rtcwake -m mem</c> would write
/// /sys/power/state itself and skip all three). Waiting for silence first keeps a shell that still answers (not asleep
/// yet) from passing for one that woke.
/// </remarks>
public abstract class ShellSleep : ISleep
{
    /// <summary>The syslog tag of the suspend request marker in the journal.</summary>
    public const string MarkerTag = "veilorqa-qa";

    /// <summary>The key under which a failed cycle's exception carries why the target could not be brought back (in <see cref="Exception.Data"/>).</summary>
    public const string NotBroughtBackKey = "veilorqa.sleep.not-brought-back";

    private readonly Func<IShell> _shell;

    /// <param name="shell">The target's shell (read at each cycle: a VM's exists only once booted).</param>
    /// <param name="asRoot">False: privileged commands go through <c>sudo -n</c>.</param>
    /// <param name="budgets">Stage budgets; defaults when null.</param>
    /// <param name="timeProvider">Clock for the waits; tests pass a fake one.</param>
    protected ShellSleep(Func<IShell> shell, bool asRoot, SleepBudgets? budgets, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(shell);
        this._shell = shell;
        Sudo = asRoot ? string.Empty : "sudo -n ";
        Budgets = (budgets ?? new SleepBudgets()).Validate();
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The stage budgets.</summary>
    public SleepBudgets Budgets { get; }

    /// <summary><c>sudo -n </c> for a non-root user, else empty.</summary>
    protected string Sudo { get; }

    protected TimeProvider Time { get; }

    /// <inheritdoc />
    public abstract string DescribeWake(TimeSpan sleep);

    /// <inheritdoc />
    public async Task<SleepCycle> SuspendAndResumeAsync(TimeSpan sleep, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sleep, TimeSpan.Zero);
        var target = _shell();
        var journal = new JournalProbe(target);
        var cursor = await journal.CurrentCursorAsync(cancellationToken);
        var marker = $"suspend requested {Guid.NewGuid():N}";
        var log = new List<string>();
        TimeSpan resume;
        try
        {
            var requested = Time.GetTimestamp();
            var command = $"logger -t {MarkerTag} '{marker}' && {ArmCommand(sleep)}{Sudo}systemd-run --no-block --collect --on-active=1 --timer-property=AccuracySec=100ms systemctl suspend";
            (await target.RunAsync(command, ProbeShell.DefaultTimeout, cancellationToken)).EnsureSuccess();
            var armed = Time.GetTimestamp();
            var silentAfter = await WaitUntilSilentAsync(target, journal, cursor, cancellationToken);
            log.Add($"the shell fell silent {Seconds(silentAfter)} s after the request");
            resume = await WakeAsync(target, sleep, requested, armed, log, cancellationToken);
        }
        catch (Exception e) when (e is not SuspendNotEnteredException)
        {
            if (await BringBackAsync(target, cancellationToken) is { } why)
            {
                e.Data[NotBroughtBackKey] = why;
            }

            throw;
        }

        var entries = await WaitForResumeMarkersAsync(journal, cursor, cancellationToken);
        var markers = SuspendResumeMarkers.From(entries);
        var request = entries.FirstOrDefault(e => e.Identifier == MarkerTag && e.Message.Contains(marker, StringComparison.Ordinal));
        DateTimeOffset? sleepStart = markers.SleepStarts.Count > 0 ? JournalClock.SourceTime(markers.SleepStarts[0]) : null;
        return new SleepCycle(
            request is not null && sleepStart is { } started ? started - JournalClock.SourceTime(request) : null,
            sleepStart is { } slept ? markers.KernelExits[0].Timestamp - slept : null,
            resume,
            JournalClock.SourceTime(markers.SleepStops[0]),
            log);
    }

    /// <summary>What runs before <c>systemctl suspend</c> in the same command line (e.g. arming the RTC, ending in <c>&amp;&amp; </c>), or empty.</summary>
    protected abstract string ArmCommand(TimeSpan sleep);

    /// <summary>Has the target woken once it slept about <paramref name="sleep"/> and waits until the shell answers.</summary>
    /// <param name="shell">The target's shell.</param>
    /// <param name="sleep">How long it should sleep.</param>
    /// <param name="requested">When the suspend was requested (<see cref="Time"/> timestamp).</param>
    /// <param name="armed">When the request command returned (an RTC alarm counts from here).</param>
    /// <param name="log">Receives a line per wake or reconnect attempt.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The wake to the shell answering (runner clock).</returns>
    /// <exception cref="WaitTimeoutException">The shell did not come back within <see cref="SleepBudgets.Resume"/>.</exception>
    protected abstract Task<TimeSpan> WakeAsync(IShell shell, TimeSpan sleep, long requested, long armed, List<string> log, CancellationToken cancellationToken);

    /// <summary>After a failed cycle: wakes the target if it can and reconnects; null when that worked, else why not.</summary>
    protected abstract Task<string?> BringBackAsync(IShell shell, CancellationToken cancellationToken);

    /// <summary>Pauses until <paramref name="span"/> after <paramref name="since"/> (nothing when that is past).</summary>
    protected async Task PauseUntilAsync(long since, TimeSpan span, CancellationToken cancellationToken)
    {
        var rest = span - Time.GetElapsedTime(since);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, Time, cancellationToken);
        }
    }

    protected static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Polls a trivial command until the target stops answering: it is suspending (network down, tasks frozen).</summary>
    private async Task<TimeSpan> WaitUntilSilentAsync(IShell target, JournalProbe journal, string cursor, CancellationToken cancellationToken)
    {
        try
        {
            return (await new Poll("the shell to fall silent after 'systemctl suspend'", Budgets.SuspendEntry).On(Time)
                .UntilAsync(async (attempt, ct) => await AnswersAsync(target, ct)
                    ? PollOutcome<TimeSpan>.NotYet($"the shell still answers {Seconds(attempt.Elapsed)} s after the request")
                    : PollOutcome<TimeSpan>.Done(attempt.Elapsed), cancellationToken)).Value;
        }
        catch (WaitTimeoutException)
        {
            // The shell answers: the target's state is known, and it is awake.
            throw new SuspendNotEnteredException(Budgets.SuspendEntry, await journal.ReadTextAfterCursorAsync(cursor, cancellationToken));
        }
    }

    private async Task<bool> AnswersAsync(IShell target, CancellationToken cancellationToken)
    {
        // SSH.NET opens a channel synchronously (on the calling thread, hence Task.Run) and bounds that by the session's long
        // timeout, not the command's: the look is abandoned after its own timeout and dies with the connection on reconnect.
        // That guard is against a thread blocked in real time, so it runs on the real clock.
        var look = Task.Run(() => target.RunAsync("true", Budgets.SilenceProbe, cancellationToken), cancellationToken);
        if (await Task.WhenAny(look, Task.Delay(Budgets.SilenceProbe + TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken)) != look)
        {
            _ = look.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return false;
        }

        try
        {
            return (await look).Succeeded;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Timed out, channel refused, connection dropped: the network or the tasks are going down.
            return false;
        }
    }

    /// <summary>The journal after <paramref name="cursor"/> once it holds the kernel's "PM: suspend exit" and systemd's return from sleep.</summary>
    private async Task<IReadOnlyList<JournalEntry>> WaitForResumeMarkersAsync(JournalProbe journal, string cursor, CancellationToken cancellationToken)
    {
        try
        {
            return (await new Poll("the journal to show this cycle's resume", Budgets.ResumeMarkers).Every(TimeSpan.FromSeconds(2)).On(Time)
                .UntilAsync(async ct =>
                {
                    var entries = await journal.ReadAfterCursorAsync(cursor, ct);
                    var markers = SuspendResumeMarkers.From(entries);
                    return markers.Resumed ? PollOutcome<IReadOnlyList<JournalEntry>>.Done(entries) : PollOutcome<IReadOnlyList<JournalEntry>>.NotYet(markers.ToString());
                }, cancellationToken)).Value;
        }
        catch (WaitTimeoutException e)
        {
            throw new ResumeNotLoggedException(Budgets.ResumeMarkers, e.LastSeen);
        }
    }
}
