using System.Security;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Machines;

/// <summary>A hot-plugged emulated USB device: its libvirt device XML and, for usb-storage, its backing file.</summary>
internal sealed class VirtualMachineUsbDevice
{
    private const long StorageBytes = 16 * 1024 * 1024;

    private VirtualMachineUsbDevice(string deviceXml, string? backingFile)
    {
        DeviceXml = deviceXml;
        BackingFile = backingFile;
    }

    /// <summary>The XML passed to attach and detach; the alias identifies the device for detach.</summary>
    public string DeviceXml { get; }

    public string? BackingFile { get; }

    internal static async Task<VirtualMachineUsbDevice> PrepareAsync(UsbDeviceSpec spec, string alias, string directory, IReadOnlySet<string> usedTargets, CancellationToken cancellationToken)
    {
        switch (spec.Kind)
        {
            case "usb-kbd":
                return new VirtualMachineUsbDevice(Input("keyboard", alias), null);
            case "usb-mouse":
                return new VirtualMachineUsbDevice(Input("mouse", alias), null);
            case "usb-tablet":
                return new VirtualMachineUsbDevice(Input("tablet", alias), null);
            case "usb-storage":
                var file = Path.Combine(directory, alias + ".img");
                await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.SetLength(StorageBytes);
                }

                var target = Enumerable.Range('a', 26).Select(c => "sd" + (char)c).First(t => !usedTargets.Contains(t));
                var serial = spec.Serial is null ? string.Empty : $"<serial>{SecurityElement.Escape(spec.Serial)}</serial>";
                var xml = $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{SecurityElement.Escape(file)}'/>"
                    + $"<target dev='{target}' bus='usb'/>{serial}<alias name='{alias}'/></disk>";
                cancellationToken.ThrowIfCancellationRequested();
                return new VirtualMachineUsbDevice(xml, file);
            default:
                throw new ArgumentException($"USB device kind '{spec.Kind}' is not emulated; use usb-kbd, usb-mouse, usb-tablet or usb-storage.", nameof(spec));
        }
    }

    internal void DeleteBackingFile()
    {
        if (BackingFile is not null)
        {
            File.Delete(BackingFile);
        }
    }

    private static string Input(string type, string alias) => $"<input type='{type}' bus='usb'><alias name='{alias}'/></input>";
}
