using System.Runtime.InteropServices;

namespace VeilorQA.Harness.Libvirt.Native;

/// <summary>The C library's allocator: libvirt hands out strings and arrays the caller frees with <c>free</c>.</summary>
internal static partial class Libc
{
    [LibraryImport("libc.so.6", EntryPoint = "free")]
    internal static partial void Free(nint pointer);

    /// <summary>Copies a caller-owned UTF-8 string and frees it; null pointer gives null.</summary>
    internal static string? TakeString(nint pointer)
    {
        if (pointer == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            Free(pointer);
        }
    }
}
