namespace VeilorQA.Harness.Machines.Domain;

/// <summary>On-disk format of a disk image as QEMU reads it.</summary>
public enum DiskFormat
{
    Qcow2,
    Raw,
}
