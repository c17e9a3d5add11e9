namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>How USB devices reach a laptop (<c>usb_hotplug:</c> none | manual = a person plugs | gadget = a USB-gadget board).</summary>
public enum UsbHotplugMode
{
    None,
    Manual,
    Gadget,
}
