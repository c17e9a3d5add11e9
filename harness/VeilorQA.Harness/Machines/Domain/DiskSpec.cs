namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A disk attached to the VM: normally a qcow2 overlay whose read-only base is never written.</summary>
/// <param name="Path">The image file the VM writes to (the overlay), or a read-only image.</param>
/// <param name="Format">Format of <paramref name="Path"/> itself (an overlay is qcow2 whatever its base).</param>
/// <param name="Bus">Where the disk is attached.</param>
/// <param name="ReadOnly">Attach read-only (e.g. an OEMDRV kickstart volume).</param>
/// <param name="Serial">Serial number the guest sees (stable /dev/disk/by-id names), or null.</param>
public sealed record DiskSpec(string Path, DiskFormat Format = DiskFormat.Qcow2, DiskBus Bus = DiskBus.Virtio, bool ReadOnly = false, string? Serial = null);
