using Microsoft.Win32.SafeHandles;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>Owns one reference to a libvirt stream object; released with <c>virStreamFree</c>.</summary>
internal sealed class SafeStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeStreamHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeStreamHandle(nint existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle() => LibvirtNative.virStreamFree(handle) >= 0;
}
