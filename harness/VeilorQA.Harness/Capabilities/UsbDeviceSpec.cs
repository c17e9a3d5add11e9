namespace VeilorQA.Harness.Capabilities;

/// <summary>A USB device to hot-plug: a kind (<c>usb-storage</c>, <c>usb-kbd</c>, <c>usb-mouse</c>) and an optional serial.</summary>
/// <remarks>QEMU's emulated devices have fixed ids (usb-storage 46f4:0001, usb-kbd/mouse 0627:0001); serial and port vary.</remarks>
public sealed record UsbDeviceSpec(string Kind, string? Serial = null);
