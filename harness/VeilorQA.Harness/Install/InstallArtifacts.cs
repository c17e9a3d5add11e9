namespace VeilorQA.Harness.Install;

/// <summary>The files one install left in its run folder (paths on this machine; a file that was never written is null).</summary>
/// <param name="Directory">The install's folder.</param>
/// <param name="DomainXml">The libvirt domain XML the install ran with.</param>
/// <param name="SerialTranscript">The serial console, timestamped, secrets masked.</param>
/// <param name="AnacondaLog">Everything that arrived on the virtio-serial port org.fedoraproject.anaconda.log.0.</param>
/// <param name="Nvram">The OVMF variable store after the install.</param>
/// <param name="TpmStateDirectory">The swtpm state after the install, when the VM had a TPM.</param>
/// <param name="Disk">The target disk (qcow2) as the install left it.</param>
/// <param name="KickstartMasked">The kickstart with every secret replaced by ********.</param>
/// <param name="Screenshots">Screenshots taken during or at the end of the install.</param>
public sealed record InstallArtifacts(
    string Directory,
    string DomainXml,
    string SerialTranscript,
    string? AnacondaLog,
    string? Nvram,
    string? TpmStateDirectory,
    string Disk,
    string KickstartMasked,
    IReadOnlyList<string> Screenshots);
