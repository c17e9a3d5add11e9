namespace VeilorQA.Harness.Libvirt;

/// <summary>libvirt's <c>virDomainUndefineFlagsValues</c>.</summary>
[Flags]
public enum UndefineFlags
{
    None = 0,
    ManagedSave = 1,
    SnapshotsMetadata = 2,

    /// <summary>Also delete the domain's UEFI NVRAM file; an NVRAM-backed domain refuses undefine without it (or <see cref="KeepNvram"/>).</summary>
    Nvram = 4,
    KeepNvram = 8,
    CheckpointsMetadata = 16,

    /// <summary>Also delete the swtpm state libvirt keeps for the domain.</summary>
    Tpm = 32,
    KeepTpm = 64,
}
