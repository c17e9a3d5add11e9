using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Systemd;

namespace VeilorQA.Harness.Guest.Health;

/// <summary>Reads a <see cref="SystemHealth"/> once start-up is over (a TCG guest answers SSH long before).</summary>
public sealed class SystemHealthProbe(IShell shell)
{
    /// <summary>Prints the state and exits non-zero when it is not <c>running</c>: the words are the answer.</summary>
    public const string SystemState = "systemctl is-system-running 2>&1 || true";

    public const string FailedUnits = "systemctl list-units --failed --all --no-pager --output=json";

    /// <summary>Waits for start-up to finish (<see cref="BootCompletion"/>), then reads state, failed units, kernel log and coredumps.</summary>
    /// <exception cref="WaitTimeoutException">Start-up did not finish within <paramref name="bootTimeout"/>.</exception>
    public async Task<SystemHealth> ReadAsync(TimeSpan bootTimeout, CancellationToken cancellationToken = default)
    {
        await BootCompletion.WaitAsync(shell, bootTimeout, cancellationToken: cancellationToken);
        var state = (await shell.OutputOfAsync(SystemState, cancellationToken)).Trim();
        var failed = FailedUnit.ParseJson(await shell.OutputOfAsync(FailedUnits, cancellationToken));
        var kernel = KernelLogScan.Problems(await shell.OutputOfAsync(KernelLogScan.Command, cancellationToken));
        var coredumps = Coredump.ParseJournal(await shell.OutputOfAsync(Coredump.Command, cancellationToken));
        return new SystemHealth(state, failed, kernel, coredumps);
    }
}
