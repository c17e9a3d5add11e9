namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Every enum spelling of the matrix schema in one place.</summary>
internal static class MatrixEnumNames
{
    public static EnumNames<Firmware> Firmware { get; } = new((Matrix.Firmware.Uefi, "uefi"), (Matrix.Firmware.Bios, "bios"));

    public static EnumNames<TpmVersion> Tpm { get; } = new((TpmVersion.None, "none"), (TpmVersion.Tpm20, "2.0"));

    public static EnumNames<VideoModel> Video { get; } =
        new((VideoModel.Virtio, "virtio"), (VideoModel.Bochs, "bochs"), (VideoModel.Qxl, "qxl"));

    public static EnumNames<UsbController> Usb { get; } = new((UsbController.None, "none"), (UsbController.Xhci, "xhci"));

    public static EnumNames<NetworkMode> Network { get; } = new((NetworkMode.User, "user"), (NetworkMode.None, "none"));

    public static EnumNames<SuspendMethod> Suspend { get; } = new((SuspendMethod.None, "none"), (SuspendMethod.Rtcwake, "rtcwake"));

    public static EnumNames<UsbHotplugMode> UsbHotplug { get; } =
        new((UsbHotplugMode.None, "none"), (UsbHotplugMode.Manual, "manual"), (UsbHotplugMode.Gadget, "gadget"));

    public static EnumNames<IpmiInterface> IpmiInterface { get; } =
        new((Matrix.IpmiInterface.Lanplus, "lanplus"), (Matrix.IpmiInterface.Lan, "lan"));

    public static EnumNames<LuksPromptRoute> LuksPrompt { get; } =
        new((LuksPromptRoute.Serial, "serial"), (LuksPromptRoute.Keyboard, "keyboard"));

    public static EnumNames<Capability> Capability { get; } = new(
        (Matrix.Capability.Console, "console"),
        (Matrix.Capability.Keyboard, "keyboard"),
        (Matrix.Capability.Screen, "screen"),
        (Matrix.Capability.Power, "power"),
        (Matrix.Capability.Tpm, "tpm"),
        (Matrix.Capability.SecureBoot, "secure_boot"),
        (Matrix.Capability.Suspend, "suspend"),
        (Matrix.Capability.Wifi, "wifi"),
        (Matrix.Capability.UsbHotplug, "usb_hotplug"),
        (Matrix.Capability.LogShare, "log_share"));
}
