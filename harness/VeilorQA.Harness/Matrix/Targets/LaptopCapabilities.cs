namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>What a laptop declares it has (<c>capabilities:</c>); <c>veilorqa doctor --target</c> checks it.</summary>
public sealed record LaptopCapabilities(
    WifiNetwork? Wifi,
    SuspendMethod Suspend,
    bool Tpm,
    bool SecureBoot,
    UsbHotplugMode UsbHotplug)
{
    /// <summary>A laptop that declares nothing.</summary>
    public static LaptopCapabilities None { get; } = new(null, SuspendMethod.None, false, false, UsbHotplugMode.None);

    /// <summary>The capabilities declared here.</summary>
    public IEnumerable<Capability> Capabilities
    {
        get
        {
            if (Tpm)
                yield return Capability.Tpm;
            if (SecureBoot)
                yield return Capability.SecureBoot;
            if (Suspend != SuspendMethod.None)
                yield return Capability.Suspend;
            if (Wifi is not null)
                yield return Capability.Wifi;
            // Manual hot-plug counts: the fixture asks the person at the bench and times out otherwise.
            if (UsbHotplug != UsbHotplugMode.None)
                yield return Capability.UsbHotplug;
        }
    }
}
