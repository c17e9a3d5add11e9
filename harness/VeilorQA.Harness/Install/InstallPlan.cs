using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install;

/// <summary>
/// One install, ready to run: what it is (<see cref="Inputs"/>, no secret), the kickstart to deliver (a secret: it holds
/// the LUKS passphrase) and its masked text, the accelerator, and how long the install may take.
/// </summary>
/// <param name="Inputs">ISO, image, delivery, VM shape, installer words, fault (written into repro bundles).</param>
/// <param name="Kickstart">The kickstart as the installer must read it.</param>
/// <param name="MaskedKickstart">The same text with every secret replaced by ********.</param>
/// <param name="Accelerator">KVM or TCG, and why.</param>
/// <param name="Timeout">VM start → power-off; past it the install fails as timed out with the last lines seen.</param>
/// <param name="Tpm">Whether the install VM has a swtpm TPM 2.0 (its state is kept for the first boot and for bundles).</param>
/// <param name="VolumeLabel">The ISO's volume label (inst.stage2=hd:CDLABEL=… for direct kernel boot), when known.</param>
public sealed record InstallPlan(
    InstallInputs Inputs,
    Secret Kickstart,
    string MaskedKickstart,
    AcceleratorChoice Accelerator,
    TimeSpan Timeout,
    bool Tpm = true,
    string? VolumeLabel = null);
