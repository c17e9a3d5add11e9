using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Guest.Wifi;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Suspend/resume with wifi: K cycles of suspend → wake → the kernel's and systemd's resume markers for
/// that cycle → the station reconnects by itself within the budget and traffic flows to the AP.
/// </summary>
/// <remarks>
/// Nothing is run on the station to help it: after a resume the suite only reads (nmcli device listings,
/// the journal) until the station is connected, and only then pings the AP to prove traffic flows.
/// Where the runner can wake the target (a VM: PM wakeup), the suite suspends with <c>systemctl suspend</c>
/// and wakes it from outside; elsewhere (a laptop) it arms the RTC with <c>rtcwake -m no -s N</c> (N covering the suspend entry budget and the sleep) and then
/// suspends the same way, so the path through logind, NetworkManager and systemd-sleep is the one a user
/// takes (<c>rtcwake -m mem</c> would write /sys/power/state itself and skip all three).
/// </remarks>
[ReleaseSuite("suspend-wifi")]
[RebootsOrSuspends]
[Order(6)]
public sealed class SuspendWifiSuite : TargetFixture
{
    private const int DefaultCycles = 3;
    private const int DefaultSleepSeconds = 20;
    private const int DefaultReconnectBudgetSeconds = 15;
    private const string MarkerTag = "veilorqa-qa";

    // Right after boot NetworkManager may still be associating.
    private static readonly TimeSpan FirstConnectBudget = TimeSpan.FromSeconds(120);

    // How long the target may keep answering after the request before "it did not suspend".
    private static readonly TimeSpan SuspendEntryBudget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SilenceProbeTimeout = TimeSpan.FromSeconds(4);

    // One wake → reconnect attempt; a wake that came while the guest was still entering S3 is repeated after it.
    private static readonly TimeSpan WakeAttempt = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan WakeRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WakeRefusalBudget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MarkerBudget = TimeSpan.FromSeconds(30);

    private int Cycles => Settings.Cycles ?? DefaultCycles;

    private TimeSpan SleepTime => TimeSpan.FromSeconds(Settings.SleepSeconds ?? DefaultSleepSeconds);

    // Armed at the request: covers the longest suspend entry the suite accepts, then the sleep itself.
    private TimeSpan RtcAlarm => SuspendEntryBudget + SleepTime;

    private TimeSpan ReconnectBudget => TimeSpan.FromSeconds(Settings.WifiReconnectBudgetSeconds ?? DefaultReconnectBudgetSeconds);

    /// <summary>SSH answers before a TCG guest has started everything; its first commands then time out or see services not up yet.</summary>
    [OneTimeSetUp]
    public Task WaitForStartUpToFinishAsync() => BootCompletion.WaitAsync(Shell, Target.Timeouts.Boot);

    [Test, Order(1)]
    public async Task The_station_is_connected_to_the_targets_wifi_network()
    {
        var network = RequireWifi();
        var state = await ConnectedStationAsync(network);
        Report.Parameter("station", state.ToString());
    }

    [Test, Order(2)]
    public async Task After_each_suspend_cycle_the_system_resumes_and_wifi_reconnects_by_itself_within_the_budget()
    {
        var sleep = Require<ISleep>();
        var network = RequireWifi();
        var station = await Report.StepAsync("the station is connected before suspending", () => ConnectedStationAsync(network));
        var device = station.Device!;
        var ap = await Report.StepAsync("find the AP's address", async () =>
            WifiAccessPointAddress.Parse(await ReadAsync(WifiAccessPointAddress.Show(device)))
            ?? throw new InconclusiveException($"wifi: NetworkManager knows no gateway or DHCP server on {device}, so there is no AP address to send traffic to"));
        Report.Parameter("AP address", ap);
        Report.Parameter("wake", sleep.CanWakeExternally ? "external (PM wakeup)" : $"RTC alarm (rtcwake -m no -s {RtcAlarm.TotalSeconds:0})");
        Report.Parameter("reconnect budget", $"{ReconnectBudget.TotalSeconds:0} s");

        var cycles = new List<SuspendCycleTimings>();
        try
        {
            for (var n = 1; n <= Cycles; n++)
            {
                var cycle = n;
                await Report.StepAsync($"cycle {cycle}: suspend, wake, resume markers, wifi back", () => RunCycleAsync(cycle, sleep, device, ap, cycles));
            }
        }
        finally
        {
            foreach (var c in cycles)
            {
                Report.Parameter($"cycle {c.Cycle} suspend entry", SuspendCycleTable.Describe(c.SuspendEntry));
                Report.Parameter($"cycle {c.Cycle} asleep", SuspendCycleTable.Describe(c.Asleep));
                Report.Parameter($"cycle {c.Cycle} resume", SuspendCycleTable.Describe(c.Resume));
                Report.Parameter($"cycle {c.Cycle} wifi reconnect", SuspendCycleTable.Describe(c.Reconnect));
            }

            Report.Attach("suspend cycles (CSV)", SuspendCycleTable.ToCsv(cycles), AttachmentTypes.Csv);
            Report.Attach("suspend cycles (JSON)", SuspendCycleTable.ToJson(cycles, ReconnectBudget), AttachmentTypes.Json);
            TestContext.Progress.WriteLine("suspend-wifi cycles:\n" + SuspendCycleTable.ToCsv(cycles));
        }
    }

    private async Task RunCycleAsync(int cycle, ISleep sleep, string device, string ap, List<SuspendCycleTimings> cycles)
    {
        TimeSpan? entry = null, asleep = null, resume = null, reconnect = null;
        var outcome = "passed";
        var journal = new JournalProbe(Shell);
        var cursor = await journal.CurrentCursorAsync();
        var marker = $"cycle {cycle}: suspend requested {Guid.NewGuid():N}";
        var mayBeAsleep = false;
        try
        {
            var requested = Stopwatch.StartNew();
            mayBeAsleep = true;
            if (sleep.CanWakeExternally)
            {
                await MustAsync($"logger -t {MarkerTag} '{marker}' && systemd-run --no-block --collect --on-active=1 systemctl suspend");
                var silentAfter = await WaitUntilSilentAsync(cycle, cursor);
                TestContext.Progress.WriteLine($"suspend-wifi: cycle {cycle}: the shell fell silent {silentAfter.TotalSeconds:0.0} s after the request");
                var rest = SleepTime - requested.Elapsed;
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest);
                }

                resume = await WakeUntilShellAnswersAsync(cycle, sleep);
            }
            else
            {
                // The alarm is armed before suspending, so it must outlast the suspend entry: a TCG guest's first entry
                // took 44-51 s, past a 20 s alarm, and then slept for good. Waiting for silence first keeps a shell that
                // still answers (not asleep yet) from passing for one that woke.
                var seconds = RtcAlarm.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                await MustAsync($"logger -t {MarkerTag} '{marker}' && rtcwake -m no -s {seconds} && systemd-run --no-block --collect --on-active=1 systemctl suspend");
                var alarm = Stopwatch.StartNew();
                var silentAfter = await WaitUntilSilentAsync(cycle, cursor);
                TestContext.Progress.WriteLine($"suspend-wifi: cycle {cycle}: the shell fell silent {silentAfter.TotalSeconds:0.0} s after the request");
                var due = RtcAlarm - alarm.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                await ReconnectAsync(cycle, Target.Timeouts.Resume);
                resume = alarm.Elapsed - RtcAlarm;
            }

            mayBeAsleep = false;
            var entries = await WaitForResumeMarkersAsync(cycle, journal, cursor);
            var markers = SuspendResumeMarkers.From(entries);
            var request = entries.FirstOrDefault(e => e.Identifier == MarkerTag && e.Message.Contains(marker, StringComparison.Ordinal));
            var sleepStart = markers.SleepStarts.Count > 0 ? JournalClock.SourceTime(markers.SleepStarts[0]) : (DateTimeOffset?)null;
            if (request is not null && sleepStart is { } started)
            {
                entry = started - JournalClock.SourceTime(request);
            }

            if (sleepStart is { } slept)
            {
                asleep = markers.KernelExits[0].Timestamp - slept;
            }

            var resumedAt = JournalClock.SourceTime(markers.SleepStops[0]);
            reconnect = await WaitForWifiAsync(cycle, journal, cursor, resumedAt, device, ap);
        }
        catch (Exception e)
        {
            outcome = e.Message.Split('\n')[0];
            if (mayBeAsleep)
            {
                await BringBackAsync(cycle, sleep);
            }

            await AttachCycleEvidenceAsync(cycle, journal, cursor, device);
            throw;
        }
        finally
        {
            cycles.Add(new SuspendCycleTimings(cycle, entry, asleep, resume, reconnect, outcome));
        }
    }

    /// <summary>Polls a trivial command until the target stops answering: it is suspending (network down, tasks frozen).</summary>
    private async Task<TimeSpan> WaitUntilSilentAsync(int cycle, string cursor)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < SuspendEntryBudget)
        {
            // SSH.NET opens a channel synchronously (on the calling thread, hence Task.Run) and bounds that by the
            // session's long timeout, not the command's: the probe is abandoned after its own timeout and dies with
            // the connection on reconnect.
            var probe = Task.Run(() => Shell.RunAsync("true", SilenceProbeTimeout));
            if (await Task.WhenAny(probe, Task.Delay(SilenceProbeTimeout + TimeSpan.FromSeconds(1))) != probe)
            {
                _ = probe.ContinueWith(t => t.Exception, TaskScheduler.Default);
                return clock.Elapsed;
            }

            try
            {
                if (!(await probe).Succeeded)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Timed out, channel refused, connection dropped: the network or the tasks are going down.
                return clock.Elapsed;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // The shell answers: the target's state is known, and it is awake.
        var journal = await RunAsync(JournalProbe.ReadTextAfterCursor(cursor));
        Report.Attach($"cycle {cycle}: journal since the suspend request", journal.StandardOutput);
        Assert.Fail(SuspendWifiFailures.DidNotSuspend(cycle, SuspendEntryBudget));
        return clock.Elapsed;
    }

    /// <summary>
    /// Wakes from outside and reconnects. A wake the target refuses (a VM still entering S3 is not "suspended"
    /// yet) is retried every few seconds; a wake that got lost is repeated after each failed reconnect attempt.
    /// </summary>
    private async Task<TimeSpan> WakeUntilShellAnswersAsync(int cycle, ISleep sleep)
    {
        var total = Stopwatch.StartNew();
        Stopwatch? sinceWake = null;
        var attempts = new List<string>();
        while (sinceWake is null && total.Elapsed < WakeRefusalBudget)
        {
            sinceWake = await TryWakeAsync(sleep, total, attempts);
            if (sinceWake is null)
            {
                await Task.Delay(WakeRetry);
            }
        }

        while (true)
        {
            var remaining = Target.Timeouts.Resume - total.Elapsed;
            try
            {
                await Shell.ReconnectAsync(remaining < WakeAttempt ? remaining : WakeAttempt);
                TestContext.Progress.WriteLine($"suspend-wifi: cycle {cycle}: {string.Join("; ", attempts)}; shell back after {total.Elapsed.TotalSeconds:0.0} s");
                return (sinceWake ?? total).Elapsed;
            }
            catch (InfrastructureException e)
            {
                // The same on a VM (SSH) and a laptop (unreachable target): not back yet.
                attempts.Add($"no shell by {total.Elapsed.TotalSeconds:0.0} s: {e.Message.Split('\n')[0]}");
                if (total.Elapsed >= Target.Timeouts.Resume)
                {
                    // Nothing answers: whether it slept on, hung or lost its network is unknown, so no verdict on the product.
                    throw new WaitTimeoutException(SuspendWifiFailures.ShellAfterWake(cycle, "wake and reconnect attempts below"), Target.Timeouts.Resume, string.Join("\n", attempts), null);
                }
            }

            var again = await TryWakeAsync(sleep, total, attempts);
            sinceWake ??= again;
        }
    }

    /// <summary>One wake request; a running clock when the target took it, null when it refused.</summary>
    private static async Task<Stopwatch?> TryWakeAsync(ISleep sleep, Stopwatch total, List<string> attempts)
    {
        try
        {
            await sleep.WakeAsync();
            attempts.Add($"wake at {total.Elapsed.TotalSeconds:0.0} s accepted");
            return Stopwatch.StartNew();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            attempts.Add($"wake at {total.Elapsed.TotalSeconds:0.0} s refused: {e.Message.Split('\n')[^1].Trim()}");
            return null;
        }
    }

    /// <summary>After a failed cycle: wake the target and reconnect if at all possible, so the suites after this one find it running.</summary>
    private async Task BringBackAsync(int cycle, ISleep sleep)
    {
        var attempts = new List<string>();
        try
        {
            if (sleep.CanWakeExternally)
            {
                await TryWakeAsync(sleep, Stopwatch.StartNew(), attempts);
            }

            await Shell.ReconnectAsync(Target.Timeouts.Resume);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            attempts.Add(e.Message);
            Report.Attach($"cycle {cycle}: the target could not be brought back", string.Join("\n", attempts));
        }
    }

    private async Task ReconnectAsync(int cycle, TimeSpan timeout)
    {
        try
        {
            await Shell.ReconnectAsync(timeout);
        }
        catch (InfrastructureException e)
        {
            throw new WaitTimeoutException(SuspendWifiFailures.ShellAfterAlarm(cycle), timeout, e.Message);
        }
    }

    /// <summary>The journal after <paramref name="cursor"/> once it holds this cycle's "PM: suspend exit" and systemd's return from sleep.</summary>
    private async Task<IReadOnlyList<JournalEntry>> WaitForResumeMarkersAsync(int cycle, JournalProbe journal, string cursor)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var entries = await journal.ReadAfterCursorAsync(cursor);
            var markers = SuspendResumeMarkers.From(entries);
            if (markers.Resumed)
            {
                return entries;
            }

            if (clock.Elapsed >= MarkerBudget)
            {
                Assert.Fail(SuspendWifiFailures.NoResumeMarkers(cycle, markers.ToString()));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>
    /// Reads (never helps) until the station is connected and the AP answers, within the budget counted on the
    /// guest's clock from systemd's return from sleep; returns how long the reconnect took.
    /// </summary>
    private async Task<TimeSpan> WaitForWifiAsync(int cycle, JournalProbe journal, string cursor, DateTimeOffset resumedAt, string device, string ap)
    {
        var budget = ReconnectBudget;
        var remaining = resumedAt + budget - await GuestNowAsync();

        // The shell may come back after the budget: one look still counts when NetworkManager's own log shows it was in time.
        var wait = remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1);
        var wifi = new WifiProbe(Shell, interfaceName: device);
        WifiState state;
        try
        {
            state = await WaitForConnectedAsync(wifi, wait);
        }
        catch (WaitTimeoutException e)
        {
            // The shell answers and the journal holds this cycle's resume: the station's state is known, and it is off the network.
            Assert.Fail(SuspendWifiFailures.DidNotReconnect(cycle, budget, e.LastSeen.Split('\n')[0]));
            throw;
        }

        var seenAt = await GuestNowAsync();
        var pinged = await PingAsync(device, ap, resumedAt + budget);
        if (!pinged.Succeeded)
        {
            Assert.Fail(SuspendWifiFailures.NoTraffic(cycle, state.ToString(), ap, budget, (pinged.StandardOutput + pinged.StandardError).Trim().Split('\n').LastOrDefault() ?? string.Empty));
        }

        var activation = NetworkManagerJournal.FirstActivation(
            (await journal.ReadAfterCursorAsync(cursor)).Where(e => JournalClock.SourceTime(e) >= resumedAt), device);
        var reconnected = (activation is null ? seenAt : JournalClock.SourceTime(activation)) - resumedAt;
        if (reconnected > budget)
        {
            Assert.Fail(SuspendWifiFailures.ReconnectedLate(cycle, budget, reconnected, activation is null ? "first seen connected then" : "NetworkManager: " + activation.Message));
        }

        return reconnected;
    }

    /// <summary>Pings the AP until it answers or the guest's clock passes <paramref name="until"/> (at least once).</summary>
    private async Task<ShellResult> PingAsync(string device, string ap, DateTimeOffset until)
    {
        while (true)
        {
            var result = await RunAsync($"ping -n -c 1 -W 2 -I {device} {ap}");
            if (result.Succeeded || await GuestNowAsync() >= until)
            {
                Report.Attach($"ping {ap} over {device}", result.StandardOutput + result.StandardError);
                return result;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<DateTimeOffset> GuestNowAsync()
    {
        var text = (await MustAsync("date +%s%6N")).StandardOutput.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10)
            : throw new GuestOutputException("date +%s%6N", "expected microseconds since the epoch", text);
    }

    private async Task AttachCycleEvidenceAsync(int cycle, JournalProbe journal, string cursor, string device)
    {
        try
        {
            var nmcli = await RunAsync($"{WifiProbe.ListDevices}; echo; nmcli -f GENERAL,IP4,DHCP4 device show {device}; echo; {WifiProbe.ListAccessPoints}");
            Report.Attach($"cycle {cycle}: nmcli state", nmcli.StandardOutput + nmcli.StandardError);
            Report.Attach($"cycle {cycle}: journal since the suspend", await journal.ReadTextAfterCursorAsync(cursor));
        }
        catch (Exception e) when (e is InfrastructureException or ShellCommandException)
        {
            Report.Attach($"cycle {cycle}: evidence not collected", $"the shell could not give nmcli state or the journal: {e.Message}");
        }
    }

    /// <summary>
    /// Reads (never helps) until the station is connected. Like <see cref="WifiProbe.WaitForConnectedAsync(TimeSpan, CancellationToken)"/>,
    /// but a read the shell could not deliver (a channel not opened in time on a loaded TCG guest, a connection
    /// dropped right after resume) is "not yet", not a verdict.
    /// </summary>
    private static async Task<WifiState> WaitForConnectedAsync(WifiProbe wifi, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var polls = 0;
        var lastSeen = "(nothing read yet)";
        while (true)
        {
            polls++;
            try
            {
                var state = await wifi.ReadAsync();
                if (state.Connected)
                {
                    return state;
                }

                lastSeen = $"{state}\n{state.NmcliOutput}";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastSeen = $"(nmcli not read: {e.GetType().Name}: {e.Message.Split('\n')[0]})";
            }

            if (clock.Elapsed >= budget)
            {
                throw new WaitTimeoutException($"wifi to connect (read nmcli {polls}×)", budget, lastSeen);
            }

            await Task.Delay(WifiProbe.DefaultPollInterval);
        }
    }

    private async Task<WifiState> ConnectedStationAsync(WifiNetwork network)
    {
        WifiState state;
        try
        {
            state = await WaitForConnectedAsync(new WifiProbe(Shell), FirstConnectBudget);
        }
        catch (WaitTimeoutException e)
        {
            Report.Attach("nmcli state", e.LastSeen);
            Assert.Fail(SuspendWifiFailures.NotConnectedBeforeSuspend(network.Ssid, FirstConnectBudget, e.LastSeen.Split('\n')[0]));
            throw;
        }

        Report.Attach("nmcli state before suspending", state.NmcliOutput);
        Assert.That(state.Ssid, Is.EqualTo(network.Ssid), SuspendWifiFailures.ConnectedElsewhere(state.Ssid, network.Ssid, state.ToString()));
        return state;
    }

    private WifiNetwork RequireWifi()
    {
        var network = Target.Wifi;
        if (network is null)
        {
            Assert.Ignore($"needs wifi: target {Case.Target.Name} has no wifi network (wifi: ssid) in TestMatrix.yml");
        }

        return network!;
    }

    private async Task<string> ReadAsync(string command) => (await MustAsync(command)).StandardOutput;
}
