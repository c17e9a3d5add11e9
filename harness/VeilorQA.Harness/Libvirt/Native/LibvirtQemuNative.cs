using System.Runtime.InteropServices;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>P/Invoke declarations for libvirt-qemu.so.0 (QEMU-specific monitor access).</summary>
internal static partial class LibvirtQemuNative
{
    /// <summary>Flag for a human monitor (HMP) command instead of QMP JSON.</summary>
    internal const uint MonitorCommandHmp = 1;

    [LibraryImport("libvirt-qemu.so.0", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainQemuMonitorCommand(SafeDomainHandle dom, string cmd, out nint result, uint flags);
}
