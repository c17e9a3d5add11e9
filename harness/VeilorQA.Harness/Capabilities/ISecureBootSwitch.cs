namespace VeilorQA.Harness.Capabilities;

/// <summary>
/// Changes the firmware's Secure Boot state from outside the OS, for the boots that follow: what a TPM policy bound to
/// PCR 7 must notice. A VM boots with another UEFI variable store (no keys enrolled: Secure Boot off) and back; a
/// laptop would need a firmware adapter, which the harness does not have.
/// </summary>
[NotInMatrix("follows from the machine: a VM swaps its UEFI variable store; no laptop adapter changes firmware settings")]
public interface ISecureBootSwitch
{
    /// <summary>Whether the next power-on boots with Secure Boot enforcing.</summary>
    bool SecureBootEnabled { get; }

    /// <summary>Sets the Secure Boot state the next power-on (<see cref="IBootCycle.PowerCycleAsync"/>) boots with.</summary>
    /// <remarks>A running OS keeps the state it booted with; the change shows from the next power-on on.</remarks>
    Task SetSecureBootAsync(bool enabled, CancellationToken cancellationToken = default);
}
