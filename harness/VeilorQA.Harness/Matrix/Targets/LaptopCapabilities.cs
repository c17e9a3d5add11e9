namespace VeilorQA.Harness.Matrix;

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
}
