using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Every enum spelling of the matrix schema in one place.</summary>
internal static class MatrixEnumNames
{
    public static EnumNames<Firmware> Firmware { get; } = new((Matrix.Targets.Firmware.Uefi, "uefi"), (Matrix.Targets.Firmware.Bios, "bios"));

    public static EnumNames<TpmVersion> Tpm { get; } = new((TpmVersion.None, "none"), (TpmVersion.Tpm20, "2.0"));

    public static EnumNames<VideoModel> Video { get; } =
        new((VideoModel.Virtio, "virtio"), (VideoModel.Bochs, "bochs"), (VideoModel.Qxl, "qxl"));

    public static EnumNames<UsbController> Usb { get; } = new((UsbController.None, "none"), (UsbController.Xhci, "xhci"));

    public static EnumNames<NetworkMode> Network { get; } = new((NetworkMode.User, "user"), (NetworkMode.None, "none"));

    public static EnumNames<SuspendMethod> Suspend { get; } = new((SuspendMethod.None, "none"), (SuspendMethod.Rtcwake, "rtcwake"));

    public static EnumNames<UsbHotplugMode> UsbHotplug { get; } =
        new((UsbHotplugMode.None, "none"), (UsbHotplugMode.Manual, "manual"), (UsbHotplugMode.Gadget, "gadget"));

    public static EnumNames<IpmiInterface> IpmiInterface { get; } =
        new((Matrix.Targets.IpmiInterface.Lanplus, "lanplus"), (Matrix.Targets.IpmiInterface.Lan, "lan"));

    /// <summary>Capabilities are spelled as their member names in snake_case (<c>usb_hotplug</c>), so a new one needs no line here.</summary>
    public static EnumNames<Capability> Capability { get; } = EnumNames<Capability>.SnakeCase();
}
