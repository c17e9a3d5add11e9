using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Targets.Power;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>A laptop's power adapter with a clean shutdown first: power-off asks the OS over SSH, waits for it to go, then lets the adapter cut power.</summary>
public sealed class LaptopPower : IPower
{
    private readonly Lazy<IPower> _adapter;
    private readonly LaptopShell _shell;
    private readonly bool _asRoot;
    private readonly string _powerOffCommand;
    private readonly TimeSpan _settle;
    private readonly TimeProvider _time;
    private readonly Action _poweredOn;

    /// <param name="adapter">Makes the adapter that switches power (<see cref="CommandPower"/>, <see cref="IpmiPower"/>) on first use, so a missing BMC password fails only power steps.</param>
    /// <param name="shell">The laptop's shell, to ask the OS to power off.</param>
    /// <param name="asRoot">The SSH user is root (otherwise <c>sudo -n</c>).</param>
    /// <param name="powerOffCommand">What asks the OS to power off (<c>systemctl poweroff</c>).</param>
    /// <param name="settle">How long after SSH went away an adapter without status waits before cutting power (disks flushing).</param>
    /// <param name="timeProvider">Clock of the waits.</param>
    /// <param name="poweredOn">Called after power-on and reset, so the target waits for a boot before using its shell again.</param>
    public LaptopPower(Func<IPower> adapter, LaptopShell shell, bool asRoot, string powerOffCommand, TimeSpan settle, TimeProvider timeProvider, Action? poweredOn = null)
    {
        _poweredOn = poweredOn ?? (() => { });
        _powerOffCommand = powerOffCommand;
        _adapter = new Lazy<IPower>(adapter);
        _shell = shell;
        _asRoot = asRoot;
        _settle = settle;
        _time = timeProvider;
    }

    /// <summary>The adapter underneath, made on first use.</summary>
    /// <exception cref="InvalidOperationException">Its secret (e.g. the IPMI password) is not there.</exception>
    public IPower Adapter => _adapter.Value;

    /// <inheritdoc />
    public async Task PowerOnAsync(CancellationToken cancellationToken = default)
    {
        await Adapter.PowerOnAsync(cancellationToken);
        _poweredOn();
    }

    /// <inheritdoc />
    public async Task PowerOffAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var adapter = Adapter;
        var started = _time.GetTimestamp();
        if (await AskOsAsync(_powerOffCommand, cancellationToken))
        {
            await WaitUntilGoneAsync(grace, cancellationToken);
        }

        var left = grace - _time.GetElapsedTime(started);
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        if (adapter is IPowerStatus)
        {
            await adapter.PowerOffAsync(left, cancellationToken);
            return;
        }

        await Task.Delay(left < _settle ? left : _settle, _time, cancellationToken);
        await adapter.PowerOffAsync(TimeSpan.Zero, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await Adapter.ResetAsync(cancellationToken);
        _poweredOn();
    }

    /// <summary>Starts <paramref name="command"/> detached (so the session can end cleanly); false when the shell is already gone.</summary>
    internal async Task<bool> AskOsAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            return await LaptopCommands.RunDetachedAsync(_shell, command, _asRoot, cancellationToken);
        }
        catch (TargetUnreachableException)
        {
            return false;
        }
    }

    /// <summary>Waits until the shell stops answering, at most <paramref name="timeout"/>; the caller powers off either way.</summary>
    private async Task WaitUntilGoneAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await new Poll("the laptop's shell to stop answering", timeout).On(_time)
                .UntilAsync(async ct => await LaptopCommands.AnswersAsync(_shell, ct)
                    ? PollOutcome<bool>.NotYet("SSH still answers")
                    : PollOutcome<bool>.Done(true), cancellationToken);
        }
        catch (WaitTimeoutException)
        {
            // Still up after the grace: the power adapter forces it off.
        }
    }
}
