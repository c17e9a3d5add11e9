using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>What a target can do; suites declare the ones they need (<c>requires:</c>, spelled in snake_case).</summary>
/// <remarks>
/// Each member names the capability interface a live target offers for it, or is a machine feature checked through
/// the shell; a test keeps this set and the interfaces of <c>VeilorQA.Harness.Capabilities</c> in step.
/// </remarks>
public enum Capability
{
    /// <summary>A console that shows boot output and accepts input (VM serial, laptop console adapter).</summary>
    [CapabilityInterface(typeof(ISerialConsole))]
    Console,

    /// <summary>Keystrokes before the OS is up (VM send-key, laptop keyboard adapter).</summary>
    [CapabilityInterface(typeof(IKeyboard))]
    Keyboard,

    /// <summary>Screenshots of the display.</summary>
    [CapabilityInterface(typeof(IScreen))]
    Screen,

    /// <summary>Power on/off/reset from outside the OS.</summary>
    [CapabilityInterface(typeof(IPower))]
    Power,

    /// <summary>A TPM 2.0.</summary>
    [MachineFeature]
    Tpm,

    /// <summary>Firmware with Secure Boot enforcing.</summary>
    [MachineFeature]
    SecureBoot,

    /// <summary>Suspend to RAM and wake without a person.</summary>
    [CapabilityInterface(typeof(ISleep))]
    Suspend,

    /// <summary>A wifi network the target joins.</summary>
    [MachineFeature]
    Wifi,

    /// <summary>USB devices can be plugged and unplugged during a test.</summary>
    [CapabilityInterface(typeof(IUsbPort))]
    UsbHotplug,

    /// <summary>A host folder shared into the guest for logs (virtio-9p).</summary>
    [CapabilityInterface(typeof(ILogShare))]
    LogShare,

    /// <summary>The run installs the target itself from an installer ISO and an OCI image (a VM with <c>install_image</c>).</summary>
    [CapabilityInterface(typeof(IInstallation))]
    Install,
}
