using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>A VM woken from outside (libvirt PM wakeup, QMP <c>system_wakeup</c>) once it slept.</summary>
/// <remarks>
/// A wake the VM refuses (still entering S3, not "suspended" yet) is sent again every few seconds; a wake that got lost is
/// sent again after each failed reconnect attempt.
/// </remarks>
public sealed class PmWakeupSleep : ShellSleep
{
    private readonly VirtualMachine _vm;

    /// <param name="vm">The machine to wake.</param>
    /// <param name="shell">Its shell (read at each cycle).</param>
    /// <param name="budgets">Stage budgets; defaults when null.</param>
    public PmWakeupSleep(VirtualMachine vm, Func<IShell> shell, SleepBudgets? budgets = null)
        : base(shell, asRoot: true, budgets, null)
    {
        ArgumentNullException.ThrowIfNull(vm);
        this._vm = vm;
    }

    /// <inheritdoc />
    public override string DescribeWake(TimeSpan sleep) => "external (PM wakeup)";

    /// <inheritdoc />
    protected override string ArmCommand(TimeSpan sleep) => string.Empty;

    /// <inheritdoc />
    protected override async Task<TimeSpan> WakeAsync(IShell shell, TimeSpan sleep, long requested, long armed, List<string> log, CancellationToken cancellationToken)
    {
        await PauseUntilAsync(requested, sleep, cancellationToken);
        var started = Time.GetTimestamp();
        long? accepted = null;
        var attempts = new List<string>();
        try
        {
            await new Poll("the shell to answer after waking the target (wake and reconnect attempts below)", Budgets.Resume).Every(TimeSpan.FromMilliseconds(100)).On(Time)
                .UntilAsync(async (attempt, ct) =>
                {
                    if (accepted is null && attempt.Elapsed < Budgets.WakeRefusal)
                    {
                        accepted = await TryWakeAsync(attempt.Elapsed, attempts, ct);
                        if (accepted is null)
                        {
                            return PollOutcome<bool>.NotYet(string.Join("\n", attempts), Budgets.WakeRetry);
                        }
                    }

                    var left = attempt.Remaining > TimeSpan.FromSeconds(1) ? attempt.Remaining : TimeSpan.FromSeconds(1);
                    try
                    {
                        await shell.ReconnectAsync(left < Budgets.WakeAttempt ? left : Budgets.WakeAttempt, ct);
                        return PollOutcome<bool>.Done(true);
                    }
                    catch (InfrastructureException e)
                    {
                        // The same on a VM (SSH) and a laptop (unreachable target): not back yet; the wake may have been lost.
                        attempts.Add($"no shell by {Seconds(Time.GetElapsedTime(started))} s: {e.Message.Split('\n')[0]}");
                        accepted ??= await TryWakeAsync(Time.GetElapsedTime(started), attempts, ct);
                        return PollOutcome<bool>.NotYet(string.Join("\n", attempts));
                    }
                }, cancellationToken);
        }
        finally
        {
            log.AddRange(attempts);
        }

        log.Add($"shell back after {Seconds(Time.GetElapsedTime(started))} s");
        return Time.GetElapsedTime(accepted ?? started);
    }

    /// <inheritdoc />
    protected override async Task<string?> BringBackAsync(IShell shell, CancellationToken cancellationToken)
    {
        var attempts = new List<string>();
        try
        {
            await TryWakeAsync(TimeSpan.Zero, attempts, cancellationToken);
            await shell.ReconnectAsync(Budgets.Resume, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            attempts.Add(e.Message);
            return string.Join("\n", attempts);
        }
    }

    /// <summary>One wake request; the timestamp when the VM took it, null when it refused.</summary>
    private async Task<long?> TryWakeAsync(TimeSpan at, List<string> attempts, CancellationToken cancellationToken)
    {
        try
        {
            await _vm.WakeAsync(cancellationToken);
            attempts.Add($"wake at {Seconds(at)} s accepted");
            return Time.GetTimestamp();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            attempts.Add($"wake at {Seconds(at)} s refused: {e.Message.Split('\n')[^1].Trim()}");
            return null;
        }
    }
}
