namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>What a USBGuard rule (or a device's current state) does with a device.</summary>
public enum UsbGuardTarget
{
    Allow,
    Block,
    Reject,
    Match,
    Device,
}
