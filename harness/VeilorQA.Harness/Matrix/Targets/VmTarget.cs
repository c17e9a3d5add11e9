namespace VeilorQA.Harness.Matrix;

/// <summary>A libvirt VM profile booting an ISO (optionally installing an OCI image) or the reference guest.</summary>
public sealed record VmTarget(
    string Name,
    string BootArtifact,
    string? InstallImage,
    Firmware Firmware,
    bool SecureBoot,
    TpmVersion Tpm,
    int MemoryMib,
    int Vcpus,
    VideoModel Video,
    ValueList<DiskSpec> Disks,
    UsbController Usb,
    bool Suspend,
    NetworkMode Network,
    WifiNetwork? Wifi) : Target(Name, BootArtifact)
{
    public const string KindName = "vm";

    public override string Kind => KindName;

    public override ValueList<Capability> Capabilities
    {
        get
        {
            // A VM always has a serial console, send-key, screenshots, power and a 9p share.
            var capabilities = new List<Capability>
            {
                Capability.Console, Capability.Keyboard, Capability.Screen, Capability.Power, Capability.LogShare,
            };
            if (Tpm != TpmVersion.None)
                capabilities.Add(Capability.Tpm);
            if (SecureBoot)
                capabilities.Add(Capability.SecureBoot);
            if (Suspend)
                capabilities.Add(Capability.Suspend);
            if (Wifi is not null)
                capabilities.Add(Capability.Wifi);
            if (Usb == UsbController.Xhci)
                capabilities.Add(Capability.UsbHotplug);
            return new ValueList<Capability>(capabilities.Order());
        }
    }
}
