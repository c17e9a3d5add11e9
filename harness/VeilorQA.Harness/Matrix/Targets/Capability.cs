namespace VeilorQA.Harness.Matrix;

/// <summary>What a target can do; suites declare the ones they need (<c>requires:</c>).</summary>
public enum Capability
{
    /// <summary>A console that shows boot output and accepts input (VM serial, laptop console adapter).</summary>
    Console,

    /// <summary>Keystrokes before the OS is up (VM send-key, laptop keyboard adapter).</summary>
    Keyboard,

    /// <summary>Screenshots of the display.</summary>
    Screen,

    /// <summary>Power on/off/reset from outside the OS.</summary>
    Power,

    /// <summary>A TPM 2.0.</summary>
    Tpm,

    /// <summary>Firmware with Secure Boot enforcing.</summary>
    SecureBoot,

    /// <summary>Suspend to RAM and wake without a person.</summary>
    Suspend,

    /// <summary>A wifi network the target joins.</summary>
    Wifi,

    /// <summary>USB devices can be plugged and unplugged during a test.</summary>
    UsbHotplug,

    /// <summary>A host folder shared into the guest for logs (virtio-9p).</summary>
    LogShare,
}
