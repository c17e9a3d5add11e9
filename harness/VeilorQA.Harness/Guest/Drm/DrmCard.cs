namespace VeilorQA.Harness.Guest.Drm;

/// <summary>A DRM device (<c>/sys/class/drm/cardN</c>) and the kernel driver bound to it.</summary>
public sealed record DrmCard(string Name, string? Driver)
{
    // Firmware-framebuffer drivers: they only show what the firmware left on screen, no modesetting.
    private static readonly HashSet<string> FirmwareFramebufferDrivers = new(StringComparer.Ordinal)
    {
        "simple-framebuffer", "simpledrm", "efifb", "vesafb", "efidrm", "vesadrm", "ofdrm", "offb",
    };

    public bool IsFirmwareFramebuffer => Driver is not null && FirmwareFramebufferDrivers.Contains(Driver);

    public bool IsNative => Driver is not null && !IsFirmwareFramebuffer;
}
