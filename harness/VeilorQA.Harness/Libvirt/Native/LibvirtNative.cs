using System.Runtime.InteropServices;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>P/Invoke declarations for libvirt.so.0 (public API of libvirt 9.0).</summary>
/// <remarks>Pointers returned as <c>nint</c> are either borrowed (names) or caller-owned strings freed with <see cref="Libc.Free"/>.</remarks>
internal static unsafe partial class LibvirtNative
{
    private const string Library = "libvirt.so.0";

    // Errors
    [LibraryImport(Library)]
    internal static partial nint virGetLastError();

    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    [LibraryImport(Library)]
    internal static partial void virSetErrorFunc(nint userData, delegate* unmanaged[Cdecl]<nint, nint, void> handler);

    // Event loop
    [LibraryImport(Library)]
    internal static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Library)]
    internal static partial int virEventRunDefaultImpl();

    // Connection
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeConnectionHandle virConnectOpen(string? name);

    [LibraryImport(Library)]
    internal static partial int virConnectClose(nint conn);

    [LibraryImport(Library)]
    internal static partial int virConnectSetKeepAlive(SafeConnectionHandle conn, int interval, uint count);

    [LibraryImport(Library)]
    internal static partial nint virConnectGetURI(SafeConnectionHandle conn);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(SafeConnectionHandle conn, out nint* domains, uint flags);

    [LibraryImport(Library)]
    internal static partial int virConnectDomainEventRegisterAny(
        SafeConnectionHandle conn,
        nint dom,
        int eventId,
        delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, int> callback,
        nint opaque,
        delegate* unmanaged[Cdecl]<nint, void> freeCallback);

    [LibraryImport(Library)]
    internal static partial int virConnectDomainEventDeregisterAny(SafeConnectionHandle conn, int callbackId);

    // Domain lifecycle
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainCreateXML(SafeConnectionHandle conn, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainDefineXMLFlags(SafeConnectionHandle conn, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainLookupByName(SafeConnectionHandle conn, string name);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(nint dom);

    [LibraryImport(Library)]
    internal static partial int virDomainRef(nint dom);

    [LibraryImport(Library)]
    internal static partial int virDomainCreate(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(SafeDomainHandle dom, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetName(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetName(nint dom);

    [LibraryImport(Library)]
    internal static partial int virDomainGetUUIDString(SafeDomainHandle dom, byte* buffer);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(SafeDomainHandle dom, out int state, out int reason, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainIsActive(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainIsPersistent(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainReboot(SafeDomainHandle dom, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainReset(SafeDomainHandle dom, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainSuspend(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainResume(SafeDomainHandle dom);

    [LibraryImport(Library)]
    internal static partial int virDomainPMWakeup(SafeDomainHandle dom, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainSendKey(SafeDomainHandle dom, uint codeset, uint holdtime, uint* keycodes, int nkeycodes, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virDomainScreenshot(SafeDomainHandle dom, SafeStreamHandle stream, uint screen, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainSaveFlags(SafeDomainHandle dom, string to, string? dxml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainRestoreFlags(SafeConnectionHandle conn, string from, string? dxml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint virDomainSaveImageGetXMLDesc(SafeConnectionHandle conn, string file, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainAttachDeviceFlags(SafeDomainHandle dom, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainDetachDeviceFlags(SafeDomainHandle dom, string xml, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetXMLDesc(SafeDomainHandle dom, uint flags);

    // Streams
    [LibraryImport(Library)]
    internal static partial SafeStreamHandle virStreamNew(SafeConnectionHandle conn, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStreamRecv(SafeStreamHandle stream, byte* data, nuint nbytes);

    [LibraryImport(Library)]
    internal static partial int virStreamFinish(SafeStreamHandle stream);

    [LibraryImport(Library)]
    internal static partial int virStreamAbort(SafeStreamHandle stream);

    [LibraryImport(Library)]
    internal static partial int virStreamFree(nint stream);
}
