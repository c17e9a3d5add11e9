using System.Runtime.InteropServices;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt.Native;

namespace VeilorQA.Harness.Libvirt;

/// <summary>A libvirt call failed; carries libvirt's error code, error domain and message.</summary>
public sealed class LibvirtException : InfrastructureException
{
    public LibvirtException(string operation, LibvirtErrorCode code, int errorDomain, string libvirtMessage, string? explanation = null)
        : base(Describe(operation, code, errorDomain, libvirtMessage, explanation))
    {
        Operation = operation;
        Code = code;
        ErrorDomain = errorDomain;
        LibvirtMessage = libvirtMessage;
    }

    /// <summary>What the harness was doing, e.g. <c>virDomainLookupByName(veilorqa-x-vm)</c>.</summary>
    public string Operation { get; }

    public LibvirtErrorCode Code { get; }

    /// <summary>libvirt's <c>virErrorDomain</c>: which subsystem reported the error (10 = QEMU, 7 = RPC, ...).</summary>
    public int ErrorDomain { get; }

    /// <summary>libvirt's own message, unchanged.</summary>
    public string LibvirtMessage { get; }

    /// <summary>Builds an exception from libvirt's thread-local last error; call right after the failing call.</summary>
    internal static LibvirtException FromLastError(string operation, string? explanation = null)
    {
        var error = LibvirtNative.virGetLastError();
        if (error == 0)
        {
            return new LibvirtException(operation, LibvirtErrorCode.InternalError, 0, "libvirt reported failure without an error", explanation);
        }

        var code = Marshal.ReadInt32(error, 0);
        var domain = Marshal.ReadInt32(error, 4);
        var message = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error, 8)) ?? "(no message)";
        LibvirtNative.virResetLastError();
        return new LibvirtException(operation, (LibvirtErrorCode)code, domain, message, explanation);
    }

    private static string Describe(string operation, LibvirtErrorCode code, int domain, string message, string? explanation) =>
        (explanation is null ? string.Empty : explanation + " ")
        + $"{operation} failed: {message} (libvirt error {(int)code} {code}, domain {domain})";
}
