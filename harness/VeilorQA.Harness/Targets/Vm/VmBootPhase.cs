namespace VeilorQA.Harness.Targets.Vm;

/// <summary>Where a VM target's current boot stands (<see cref="VmBootCycle"/>).</summary>
public enum VmBootPhase
{
    /// <summary>Powered off, or never started.</summary>
    Off,

    /// <summary>Powered on; the root volume waits for its passphrase (whoever answers it: the target or a suite).</summary>
    AwaitingUnlock,

    /// <summary>Unlocked and the shell connected to this boot.</summary>
    Ready,
}
