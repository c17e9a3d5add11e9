namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A host folder exported to the guest over virtio-9p; the guest mounts it by <paramref name="Tag"/>.</summary>
/// <param name="HostDirectory">Existing host folder; QEMU (user libvirt-qemu) must be able to write it.</param>
/// <param name="Tag">The mount tag, e.g. <c>veilorqa-logs</c> (<c>mount -t 9p -o trans=virtio TAG /mnt</c>).</param>
/// <param name="AccessMode">Ownership mapping.</param>
/// <param name="ReadOnly">Export read-only.</param>
public sealed record ShareSpec(string HostDirectory, string Tag, ShareAccessMode AccessMode = ShareAccessMode.Mapped, bool ReadOnly = false)
{
    /// <summary>The tag the reference guest's 9p log unit mounts.</summary>
    public const string LogsTag = "veilorqa-logs";
}
