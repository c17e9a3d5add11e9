using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Guest.Systemd;
using VeilorQA.Harness.Guest.Wifi;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Suspend/resume with wifi: K cycles of suspend → wake → the kernel's and systemd's resume markers for
/// that cycle → the station reconnects by itself within the budget and traffic flows to the AP.
/// </summary>
/// <remarks>
/// Nothing is run on the station to help it: after a resume the suite only reads (nmcli device listings,
/// the journal) until the station is connected, and only then pings the AP to prove traffic flows. How the
/// target sleeps and wakes (from outside, or by its RTC alarm) is the target's <see cref="ISleep"/>.
/// </remarks>
[ReleaseSuite("suspend-wifi")]
[RebootsOrSuspends]
[Order(6)]
public sealed class SuspendWifiSuite : TargetFixture
{
    private const int DefaultCycles = 3;
    private const int DefaultSleepSeconds = 20;
    private const int DefaultReconnectBudgetSeconds = 15;

    // Right after boot NetworkManager may still be associating.
    private static readonly TimeSpan FirstConnectBudget = TimeSpan.FromSeconds(120);

    private int Cycles => Settings.Cycles ?? DefaultCycles;

    private TimeSpan SleepTime => TimeSpan.FromSeconds(Settings.SleepSeconds ?? DefaultSleepSeconds);

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
            WifiAccessPointAddress.Parse((await MustAsync(WifiAccessPointAddress.Show(device))).StandardOutput)
            ?? throw new InconclusiveException($"wifi: NetworkManager knows no gateway or DHCP server on {device}, so there is no AP address to send traffic to"));
        Report.Parameter("AP address", ap);
        Report.Parameter("wake", sleep.DescribeWake(SleepTime));
        Report.Parameter("reconnect budget", $"{ReconnectBudget.TotalSeconds:0} s");

        var cycles = new List<SuspendCycleTimings>();
        try
        {
            for (var n = 1; n <= Cycles; n++)
            {
                var cycle = n;
                cycles.Add(await Report.StepAsync($"cycle {cycle}: suspend, wake, resume markers, wifi back", () => RunCycleAsync(cycle, sleep, device, ap, cycles)));
            }
        }
        finally
        {
            SuspendWifiEvidence.AttachCycles(cycles, ReconnectBudget);
        }
    }

    /// <summary>One cycle's timings; a failed cycle adds its own row (with what failed) before it throws.</summary>
    private async Task<SuspendCycleTimings> RunCycleAsync(int cycle, ISleep sleep, string device, string ap, List<SuspendCycleTimings> cycles)
    {
        var journal = new JournalProbe(Shell);
        var cursor = await journal.CurrentCursorAsync();
        SleepCycle? slept = null;
        try
        {
            slept = await SleepAsync(cycle, sleep);
            var reconnect = await WaitForWifiAsync(cycle, journal, cursor, slept.ResumedAt, device, ap);
            return new SuspendCycleTimings(cycle, slept.SuspendEntry, slept.Asleep, slept.Resume, reconnect, "passed");
        }
        catch (Exception e)
        {
            cycles.Add(new SuspendCycleTimings(cycle, slept?.SuspendEntry, slept?.Asleep, slept?.Resume, null, e.Message.Split('\n')[0]));
            await SuspendWifiEvidence.AttachFailedCycleAsync(Shell, Target.Timeouts.Command, cycle, e, journal, cursor, device);
            throw;
        }
    }

    /// <summary>The target's sleep, its failures in this suite's words.</summary>
    private async Task<SleepCycle> SleepAsync(int cycle, ISleep sleep)
    {
        try
        {
            var slept = await sleep.SuspendAndResumeAsync(SleepTime);
            TestContext.Progress.WriteLine($"suspend-wifi: cycle {cycle}: {string.Join("; ", slept.Log)}");
            return slept;
        }
        catch (SuspendNotEnteredException e)
        {
            Report.Attach($"cycle {cycle}: journal since the suspend request", e.Journal);
            Assert.Fail(SuspendWifiFailures.DidNotSuspend(cycle, e.Budget));
            throw;
        }
        catch (ResumeNotLoggedException e)
        {
            Assert.Fail(SuspendWifiFailures.NoResumeMarkers(cycle, e.Markers));
            throw;
        }
        catch (WaitTimeoutException e)
        {
            // Nothing answers: whether it slept on, hung or lost its network is unknown, so no verdict on the product.
            var notBack = new WaitTimeoutException(SuspendWifiFailures.ShellNotBack(cycle, e.WaitedFor), e.Timeout, e.LastSeen, e.ScreenshotPath);
            notBack.Data[ShellSleep.NotBroughtBackKey] = e.Data[ShellSleep.NotBroughtBackKey];
            throw notBack;
        }
    }

    /// <summary>
    /// Reads (never helps) until the station is connected and the AP answers, within the budget counted on the
    /// guest's clock from systemd's return from sleep; returns how long the reconnect took.
    /// </summary>
    private async Task<TimeSpan> WaitForWifiAsync(int cycle, JournalProbe journal, string cursor, DateTimeOffset resumedAt, string device, string ap)
    {
        var budget = ReconnectBudget;
        var remaining = resumedAt + budget - await GuestClock.NowAsync(Shell);

        // The shell may come back after the budget: one look still counts when NetworkManager's own log shows it was in time.
        var wifi = new WifiProbe(Shell, interfaceName: device);
        WifiState state;
        try
        {
            state = (await wifi.WaitForConnectedAsync(remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1))).State;
        }
        catch (WaitTimeoutException e)
        {
            // The shell answers and the journal holds this cycle's resume: the station's state is known, and it is off the network.
            Assert.Fail(SuspendWifiFailures.DidNotReconnect(cycle, budget, e.LastSeen.Split('\n')[0]));
            throw;
        }

        var seenAt = await GuestClock.NowAsync(Shell);
        var left = resumedAt + budget - seenAt;
        var pinged = await wifi.WaitForTrafficAsync(device, ap, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        Report.Attach($"ping {ap} over {device}", pinged.StandardOutput + pinged.StandardError);
        if (!pinged.Succeeded)
        {
            Assert.Fail(SuspendWifiFailures.NoTraffic(cycle, state.ToString(), ap, budget, (pinged.StandardOutput + pinged.StandardError).Trim().Split('\n').LastOrDefault() ?? string.Empty));
        }

        var (reconnected, how) = NetworkManagerJournal.ReconnectTime(await journal.ReadAfterCursorAsync(cursor), device, resumedAt, seenAt);
        if (reconnected > budget)
        {
            Assert.Fail(SuspendWifiFailures.ReconnectedLate(cycle, budget, reconnected, how));
        }

        return reconnected;
    }

    private async Task<WifiState> ConnectedStationAsync(WifiNetwork network)
    {
        WifiState state;
        try
        {
            state = (await new WifiProbe(Shell).WaitForConnectedAsync(FirstConnectBudget)).State;
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

    private WifiNetwork RequireWifi() =>
        Target.Wifi ?? throw new IgnoreException($"needs wifi: target {Case.Target.Name} has no wifi network (wifi: ssid) in TestMatrix.yml");
}
