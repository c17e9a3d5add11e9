namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>VM USB controller (<c>usb:</c> none | xhci); hot-plug needs xHCI.</summary>
public enum UsbController
{
    None,
    Xhci,
}
