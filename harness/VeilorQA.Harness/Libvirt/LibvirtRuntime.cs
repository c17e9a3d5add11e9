using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VeilorQA.Harness.Libvirt.Native;

namespace VeilorQA.Harness.Libvirt;

/// <summary>Process-wide libvirt set-up: silences libvirt's stderr printing and runs the default event loop.</summary>
/// <remarks>
/// libvirt requires <c>virEventRegisterDefaultImpl</c> before the first <c>virConnectOpen</c> for
/// domain events and keepalive to work, and someone must keep calling <c>virEventRunDefaultImpl</c>:
/// a background thread does that for the life of the process.
/// </remarks>
internal static unsafe class LibvirtRuntime
{
    private static readonly Lock Gate = new();
    private static Thread? Loop;

    /// <summary>Idempotent; every connection opens through here.</summary>
    internal static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (Loop is not null)
            {
                return;
            }

            // Without a handler libvirt prints every error to stderr, including ones the harness expects and handles.
            LibvirtNative.virSetErrorFunc(0, &IgnoreError);
            if (LibvirtNative.virEventRegisterDefaultImpl() < 0)
            {
                throw LibvirtException.FromLastError("virEventRegisterDefaultImpl");
            }

            Loop = new Thread(RunEventLoop) { IsBackground = true, Name = "libvirt event loop" };
            Loop.Start();
        }
    }

    private static void RunEventLoop()
    {
        while (true)
        {
            if (LibvirtNative.virEventRunDefaultImpl() < 0)
            {
                LibvirtNative.virResetLastError();
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void IgnoreError(nint userData, nint error)
    {
    }
}
