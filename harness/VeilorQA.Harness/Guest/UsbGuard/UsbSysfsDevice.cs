namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>A USB device from <c>/sys/bus/usb/devices/*</c>: port name, id, kernel authorization, serial.</summary>
public sealed record UsbSysfsDevice(string Port, string Id, bool Authorized, string? Product, string? Serial);
