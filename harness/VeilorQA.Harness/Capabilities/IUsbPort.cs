namespace VeilorQA.Harness.Capabilities;

/// <summary>Hot-plugs emulated (or gadget-board) USB devices into a target.</summary>
public interface IUsbPort
{
    /// <summary>Plugs a device in; returns a handle used to unplug it.</summary>
    Task<string> PlugAsync(UsbDeviceSpec device, CancellationToken cancellationToken = default);

    Task UnplugAsync(string handle, CancellationToken cancellationToken = default);
}
