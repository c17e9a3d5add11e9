namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>
/// One hot-plugged device as the guest sees it, found by its serial: the kernel's sysfs entry and
/// <c>authorized</c> flag, the block devices under its port, and USBGuard's decision.
/// </summary>
public sealed record UsbPlugState(string Serial, UsbSysfsDevice? Device, IReadOnlyList<string> BlockDevices, UsbDevice? Guard)
{
    /// <summary>The kernel enumerated the device (it has a sysfs entry).</summary>
    public bool Present => Device is not null;

    /// <summary>USBGuard listed the device with a verdict.</summary>
    public bool Decided => Guard is not null && Guard.Target is UsbGuardTarget.Allow or UsbGuardTarget.Block or UsbGuardTarget.Reject;

    public bool Authorized => Device?.Authorized == true;

    public bool HasBlockDevice => BlockDevices.Count > 0;

    /// <summary>The device is usable: authorized, or a driver already made a disk of it.</summary>
    public bool Admitted => Authorized || HasBlockDevice;

    public override string ToString()
    {
        if (Device is null)
        {
            return $"no USB device with serial '{Serial}' is enumerated" + (Guard is null ? string.Empty : $"; USBGuard lists '{Guard}'");
        }

        var disks = BlockDevices.Count == 0 ? "no block device" : $"block device {string.Join(", ", BlockDevices)}";
        var guard = Guard is null ? "USBGuard does not list it" : $"USBGuard: '{Guard}'";
        return $"{Device.Id} serial '{Serial}' on port {Device.Port}: authorized={(Device.Authorized ? 1 : 0)}, {disks}; {guard}";
    }
}
