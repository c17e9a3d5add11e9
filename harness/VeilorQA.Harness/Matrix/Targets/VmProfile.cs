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

    /// <summary>
    /// The libvirt the VM runs on (<c>libvirt_uri:</c>), e.g. a bigger KVM host over <c>qemu+ssh://</c> with a key file and a
    /// pinned host key; null: <c>VEILORQA_LIBVIRT_URI</c>, else <c>qemu:///system</c>. The VM's files (overlays, NVRAM,
    /// serial socket, 9p share) are paths the libvirt host must see at the same place (README: CI on nullstone).
    /// </summary>
    public string? LibvirtUri { get; init; }

    /// <summary>
    /// The oci-image artifact (<c>update_image:</c>) the system this VM installs is upgraded to by bootc-upgrade: copied into
    /// the run's registry where the installed system's origin points, then staged with bootc. Null: the matrix names none.
    /// </summary>
    public string? UpdateImage { get; init; }

    public override string Kind => KindName;

    /// <summary>Every capability the profile does not switch off: the VM is the harness's fully equipped target.</summary>
    public override ValueList<Capability> Capabilities => new(Enum.GetValues<Capability>().Where(c => !SwitchesOff(c)));

    private bool SwitchesOff(Capability capability) => capability switch
    {
        Capability.Install => InstallImage is null,
        Capability.Tpm => Tpm == TpmVersion.None,
        Capability.SecureBoot => !SecureBoot,
        Capability.Suspend => !Suspend,
        Capability.Wifi => Wifi is null,
        Capability.UsbHotplug => Usb != UsbController.Xhci,
        // A serial console, send-key, screenshots, power and the 9p share come with every VM.
        _ => false,
    };
}
