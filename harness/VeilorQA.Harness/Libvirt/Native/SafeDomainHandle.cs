using Microsoft.Win32.SafeHandles;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>Owns one reference to a libvirt domain object; released with <c>virDomainFree</c>.</summary>
internal sealed class SafeDomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeDomainHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeDomainHandle(nint existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle() => LibvirtNative.virDomainFree(handle) >= 0;
}
