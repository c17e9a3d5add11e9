using System.Globalization;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>
/// A target that wakes itself: the RTC alarm is armed (<c>rtcwake -m no -s N</c>) in the same command that requests the
/// suspend, and nothing outside can wake it (a laptop).
/// </summary>
/// <remarks>
/// The alarm is armed before suspending, so it must outlast the suspend entry: N is the entry budget plus the sleep. A TCG
/// guest's first entry took 44-51 s, past a 20 s alarm, and then slept for good.
/// </remarks>
public sealed class RtcAlarmSleep : ShellSleep
{
    /// <inheritdoc cref="ShellSleep(Func{IShell}, bool, SleepBudgets?, TimeProvider?)" />
    public RtcAlarmSleep(Func<IShell> shell, bool asRoot, SleepBudgets? budgets = null, TimeProvider? timeProvider = null)
        : base(shell, asRoot, budgets, timeProvider)
    {
    }

    /// <summary>What the alarm is set to for <paramref name="sleep"/>: the longest suspend entry the cycle accepts, then the sleep.</summary>
    public TimeSpan Alarm(TimeSpan sleep) => Budgets.SuspendEntry + sleep;

    /// <summary>The command that arms the alarm without suspending.</summary>
    public string ArmAlarm(TimeSpan sleep) => Sudo + Rtcwake(sleep);

    /// <inheritdoc />
    public override string DescribeWake(TimeSpan sleep) => $"RTC alarm ({Rtcwake(sleep)})";

    private string Rtcwake(TimeSpan sleep) =>
        $"rtcwake -m no -s {Math.Max(1, (int)Math.Ceiling(Alarm(sleep).TotalSeconds)).ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    protected override string ArmCommand(TimeSpan sleep) => ArmAlarm(sleep) + " && ";

    /// <inheritdoc />
    protected override async Task<TimeSpan> WakeAsync(IShell shell, TimeSpan sleep, long requested, long armed, List<string> log, CancellationToken cancellationToken)
    {
        var alarm = Alarm(sleep);
        await PauseUntilAsync(armed, alarm, cancellationToken);
        try
        {
            await shell.ReconnectAsync(Budgets.Resume, cancellationToken);
        }
        catch (InfrastructureException e)
        {
            throw new WaitTimeoutException("the shell to answer after the RTC alarm was due", Budgets.Resume, e.Message);
        }

        var resume = Time.GetElapsedTime(armed) - alarm;
        log.Add($"the shell answered {Seconds(resume)} s after the RTC alarm was due");
        return resume;
    }

    /// <inheritdoc />
    protected override async Task<string?> BringBackAsync(IShell shell, CancellationToken cancellationToken)
    {
        try
        {
            await shell.ReconnectAsync(Budgets.Resume, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"no shell after the alarm: {e.Message}";
        }
    }
}
