using Microsoft.Win32.SafeHandles;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>Owns one reference to a libvirt connection object; released with <c>virConnectClose</c>.</summary>
internal sealed class SafeConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeConnectionHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeConnectionHandle(nint existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}
