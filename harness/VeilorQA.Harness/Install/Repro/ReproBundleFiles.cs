namespace VeilorQA.Harness.Install.Repro;

/// <summary>The files inside one repro bundle (absolute paths; null: the install left no such file, or it was not kept).</summary>
/// <param name="BundleJson">bundle.json, the record everything else is read from.</param>
/// <param name="Explanation">explanation.txt: the outcome in one line, then the evidence.</param>
/// <param name="Readme">README.txt: what each file is and how to replay.</param>
/// <param name="ReplayScript">replay.sh: reruns the same install from the bundle.</param>
/// <param name="Kickstart">The kickstart with its secrets masked (never the installer's 0600 copy).</param>
/// <param name="DomainXml">The libvirt domain XML the install ran with.</param>
/// <param name="Nvram">OVMF_VARS.fd after the install.</param>
/// <param name="TpmState">tpm/: the swtpm state after the install.</param>
/// <param name="AnacondaLog">anaconda.log: the org.fedoraproject.anaconda.log.0 stream.</param>
/// <param name="SerialConsole">serial-console.txt: the serial transcript.</param>
/// <param name="Screenshots">screenshots/*.</param>
/// <param name="Disk">disk.qcow2, with --keep only.</param>
/// <param name="DiskKept">How the disk reached the bundle: "hard link", "copy", "not kept" or "absent".</param>
public sealed record ReproBundleFiles(
    string BundleJson,
    string Explanation,
    string Readme,
    string ReplayScript,
    string? Kickstart,
    string? DomainXml,
    string? Nvram,
    string? TpmState,
    string? AnacondaLog,
    string? SerialConsole,
    IReadOnlyList<string> Screenshots,
    string? Disk,
    string DiskKept);
