using System.Diagnostics;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The boots of a VM target, the one way both VM targets run them: power-on with the LUKS prompt asked on a route (the SMBIOS
/// SKU the guest's grub reads) and Secure Boot on or off (<see cref="SecureBootOffFirmware"/>), the domain redefined only
/// when either changed; a reboot through the OS (ending in a power-off, then a power-on) while nothing changed, else a power cycle. The target supplies how a boot
/// is unlocked and its shell connected; this type keeps the phase, the route and the firmware state.
/// </summary>
public sealed class VmBootCycle : IBootCycle, ISecureBootSwitch
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromMinutes(2);

    private readonly GuestMachine _machine;
    private readonly DomainSpec _baseSpec;
    private readonly Func<LuksPromptRoute, string> _sku;
    private readonly string _name;
    private readonly Action<string> _progress;
    private (LuksPromptRoute Route, bool SecureBoot) _defined;

    /// <param name="machine">The domain, defined with <see cref="SpecFor"/> of the serial route and Secure Boot as the base spec says.</param>
    /// <param name="baseSpec">The domain as the profile shapes it.</param>
    /// <param name="sku">The SMBIOS SKU for a boot whose prompt is asked on a route.</param>
    /// <param name="name">The target as progress lines and errors name it.</param>
    /// <param name="progress">Receives one line per power-on and firmware change.</param>
    public VmBootCycle(GuestMachine machine, DomainSpec baseSpec, Func<LuksPromptRoute, string> sku, string name, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(baseSpec);
        this._machine = machine;
        this._baseSpec = baseSpec;
        this._sku = sku;
        this._name = name;
        this._progress = progress;
        SecureBootEnabled = baseSpec.Firmware.SecureBoot;
        _defined = (LuksPromptRoute.Serial, SecureBootEnabled);
    }

    /// <summary>Where the current boot stands.</summary>
    public VmBootPhase Phase { get; private set; } = VmBootPhase.Off;

    public LuksPromptRoute CurrentRoute { get; private set; } = LuksPromptRoute.Serial;

    public bool SecureBootEnabled { get; private set; }

    /// <summary>The domain of a boot with SMBIOS SKU <paramref name="sku"/>, and the key-less variable store
    /// (in <paramref name="machineDirectory"/>) when Secure Boot is to be off on a Secure Boot machine.</summary>
    public static DomainSpec SpecFor(DomainSpec baseSpec, string sku, bool secureBoot, string machineDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        return baseSpec with
        {
            Smbios = baseSpec.Smbios with { System = new Dictionary<string, string>(baseSpec.Smbios.System) { ["sku"] = sku } },
            Firmware = secureBoot || !baseSpec.Firmware.SecureBoot ? baseSpec.Firmware : SecureBootOffFirmware.Of(baseSpec.Firmware, machineDirectory),
        };
    }

    public async Task PowerCycleAsync(LuksPromptRoute route, CancellationToken cancellationToken = default)
    {
        if (await _machine.ShutdownAsync(ShutdownGrace, cancellationToken) is { } shutdown)
        {
            _progress($"{_name}: {shutdown}");
        }

        Phase = VmBootPhase.Off;
        if ((route, SecureBootEnabled) != _defined)
        {
            _machine.Vm.ReplaceDefinition(DomainXmlWriter.Write(SpecFor(_baseSpec, _sku(route), SecureBootEnabled, _machine.Files.Directory)));
            _defined = (route, SecureBootEnabled);
        }

        CurrentRoute = route;
        await _machine.ForgetConsoleOutputAsync(cancellationToken);
        await _machine.Vm.PowerOnAsync(cancellationToken);
        Phase = VmBootPhase.AwaitingUnlock;
        _progress($"{_name}: powered on (Secure Boot {(SecureBootEnabled ? "on" : "off")}), LUKS prompt asked on the {(route == LuksPromptRoute.Serial ? "serial console" : "screen")}");
    }

    public Task SetSecureBootAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        if (enabled && !_baseSpec.Firmware.SecureBoot)
        {
            throw new CapabilityMissingException("Secure Boot", $"{_name} has secure_boot: false");
        }

        if (enabled != SecureBootEnabled)
        {
            SecureBootEnabled = enabled;
            _progress($"{_name}: Secure Boot {(enabled ? "on (the machine's own variable store)" : "off (UEFI variables without keys)")} from the next power-on");
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Boots once (power-on with the prompt on serial, then <paramref name="unlockAndConnect"/>), or connects the shell of a boot a
    /// suite unlocked itself (<paramref name="connect"/>); nothing while the current boot is ready and the domain runs.
    /// </summary>
    /// <param name="unlockAndConnect">Unlocks the boot that just powered on (its clock started at power-on) and connects the shell.</param>
    /// <param name="connect">Connects the shell of a boot someone else unlocked.</param>
    /// <param name="cancellationToken">Cancels the boot.</param>
    public async Task EnsureReadyAsync(Func<Stopwatch, CancellationToken, Task> unlockAndConnect, Func<CancellationToken, Task> connect, CancellationToken cancellationToken)
    {
        if (Phase == VmBootPhase.Ready && _machine.Vm.State.State == DomainState.ShutOff)
        {
            Phase = VmBootPhase.Off;
        }

        switch (Phase)
        {
            case VmBootPhase.Off:
                var clock = Stopwatch.StartNew();
                await PowerCycleAsync(LuksPromptRoute.Serial, cancellationToken);
                await unlockAndConnect(clock, cancellationToken);
                break;
            case VmBootPhase.AwaitingUnlock:
                await connect(cancellationToken);
                break;
        }

        Phase = VmBootPhase.Ready;
    }

    /// <summary>
    /// A clean reboot through the OS while the boot is ready on the serial route with the firmware it was defined with; otherwise
    /// (a firmware or route change, a boot nobody unlocked) a power cycle with the prompt on serial. Then
    /// <paramref name="unlockAndConnect"/>.
    /// </summary>
    /// <remarks>
    /// The OS reboot ends in a power-off, and the harness powers the domain on again: the guest runs its whole shutdown
    /// (units stopped, a staged deployment finalized, file systems synced) exactly as for <c>systemctl reboot</c>; only the
    /// last step differs. Measured under TCG: OVMF after a warm reset took 60–64 s to hand over to shim, against 23 s from a
    /// power-on, so every reboot was ≈ 2.2× a cold boot; and the shutdown now has its own budget
    /// (<see cref="RebootShutdownBudget"/>), so a guest that never goes down is told apart from one that never boots.
    /// </remarks>
    /// <exception cref="WaitTimeoutException">The OS did not power off within <see cref="RebootShutdownBudget"/>; carries the last console lines.</exception>
    public async Task RebootAsync(TimeSpan commandTimeout, Func<Stopwatch, CancellationToken, Task> unlockAndConnect, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (Phase == VmBootPhase.Ready && CurrentRoute == LuksPromptRoute.Serial && _defined.SecureBoot == SecureBootEnabled)
        {
            await ShutDownThroughOsAsync(commandTimeout, cancellationToken);
        }

        await PowerCycleAsync(LuksPromptRoute.Serial, cancellationToken);
        try
        {
            await unlockAndConnect(clock, cancellationToken);
        }
        catch
        {
            // This boot failed the suite that asked for it; the next suite gets a boot of its own (power cycle) instead of
            // waiting out the same stuck one again.
            Phase = VmBootPhase.Off;
            throw;
        }

        Phase = VmBootPhase.Ready;
    }

    /// <summary>How long the OS may take from <c>systemctl poweroff</c> to a domain that is off (a staged deployment's
    /// finalization took 5–11 s under TCG, systemd's stop-job timeout is 90 s).</summary>
    public static readonly TimeSpan RebootShutdownBudget = TimeSpan.FromMinutes(4);

    private const int ConsoleTailChars = 2000;

    private async Task ShutDownThroughOsAsync(TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await _machine.ForgetConsoleOutputAsync(cancellationToken);

        // Detached so that the SSH command returns before sshd stops; on time (systemd's default timer accuracy is a
        // minute, so a timer may fire up to 60 s late on an image that does not lower DefaultTimerAccuracySec).
        await _machine.Shell!.RunAsync("systemd-run --on-active=2 --timer-property=AccuracySec=100ms --no-block systemctl poweroff", commandTimeout, cancellationToken);

        // From here the boot is going away whatever happens: a later EnsureReady powers the domain off and on again.
        Phase = VmBootPhase.Off;
        try
        {
            await _machine.Vm.WaitForStateAsync(DomainState.ShutOff, RebootShutdownBudget, cancellationToken);
        }
        catch (WaitTimeoutException e)
        {
            var console = _machine.Console.Transcript;
            var tail = console.Length > ConsoleTailChars ? console[^ConsoleTailChars..] : console;
            throw new WaitTimeoutException($"{_name} to power off after 'systemctl poweroff' (the reboot's shutdown)", RebootShutdownBudget, $"{tail}\n[libvirt] {e.LastSeen}");
        }

        _progress($"{_name}: the OS shut down for the reboot in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
