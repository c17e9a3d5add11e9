namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>A whole-disk block device from <c>lsblk</c> with its transport (<c>usb</c> for a stick) and serial.</summary>
public sealed record UsbBlockDevice(string Name, string? Transport, string? Serial)
{
    public bool IsUsb => Transport == "usb";
}
