namespace VeilorQA.Harness.Machines.Domain;

/// <summary>The bus a disk hangs on; decides the guest device name (vdX for virtio, sdX for SATA and USB).</summary>
public enum DiskBus
{
    Virtio,
    Sata,
    Usb,
}
