namespace VeilorQA.Harness.Install;

/// <summary>
/// Everything that decides one install, as a person would need it to run the same install again. Holds no secret: the
/// LUKS passphrase is named by <see cref="PassphraseSource"/> (where it came from), never carried.
/// </summary>
/// <param name="IsoPath">The installer ISO on this machine.</param>
/// <param name="IsoSha256">Its sha256 (lower-case hex), checked before the VM started.</param>
/// <param name="IsoUrl">Where the ISO was downloaded from, when it was.</param>
/// <param name="KickstartSource">"template vms/kickstart/veilor.ks.in" or the path of the user's own kickstart.</param>
/// <param name="ImageReference">The image the kickstart installs as given (registry reference or oci-archive:PATH).</param>
/// <param name="ImageDigest">The manifest digest the run pushed (sha256:…), when known.</param>
/// <param name="PassphraseSource">Where the LUKS passphrase came from: "environment VEILORQA_…", "file PATH", "reference build HASH", "kickstart FILE".</param>
/// <param name="Delivery">OEMDRV volume or inst.ks= over HTTP with direct kernel boot.</param>
/// <param name="InstallerArguments">Extra installer words (SMBIOS SKU or kernel command line), e.g. inst.veilorqa.test.</param>
/// <param name="DiskSizeGib">The blank target disk's size.</param>
/// <param name="MemoryMib">Memory of the install VM.</param>
/// <param name="VCpus">vCPUs of the install VM.</param>
/// <param name="SecureBoot">Whether OVMF enforced Secure Boot with Microsoft's keys.</param>
/// <param name="Fault">The install failure mode switched on (null: none).</param>
public sealed record InstallInputs(
    string IsoPath,
    string IsoSha256,
    Uri? IsoUrl,
    string KickstartSource,
    string ImageReference,
    string? ImageDigest,
    string PassphraseSource,
    KickstartDelivery Delivery,
    IReadOnlyList<string> InstallerArguments,
    int DiskSizeGib,
    int MemoryMib,
    int VCpus,
    bool SecureBoot,
    string? Fault);
