using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>A VM entry of the matrix: the profile of a libvirt VM booting an ISO (optionally installing an OCI image) or the reference guest.</summary>
public sealed record VmProfile(
    string Name,
    string BootArtifact,
    string? InstallImage,
    Firmware Firmware,
    bool SecureBoot,
    TpmVersion Tpm,
    int MemoryMib,
    int Vcpus,
    VideoModel Video,
    ValueList<VmDisk> Disks,
    UsbController Usb,
    bool Suspend,
    NetworkMode Network,
    WifiNetwork? Wifi) : TargetEntry(Name, BootArtifact)
{
    public const string KindName = "vm";

    public override string Kind => KindName;

    /// <summary>Every capability the profile does not switch off: the VM is the harness's fully equipped target.</summary>
    public override ValueList<Capability> Capabilities => new(Enum.GetValues<Capability>().Where(c => !SwitchesOff(c)));

    private bool SwitchesOff(Capability capability) => capability switch
    {
        Capability.Tpm => Tpm == TpmVersion.None,
        Capability.SecureBoot => !SecureBoot,
        Capability.Suspend => !Suspend,
        Capability.Wifi => Wifi is null,
        Capability.UsbHotplug => Usb != UsbController.Xhci,
        // A serial console, send-key, screenshots, power and the 9p share come with every VM.
        _ => false,
    };
}
