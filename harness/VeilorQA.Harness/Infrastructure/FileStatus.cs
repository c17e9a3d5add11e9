using System.Runtime.InteropServices;

namespace VeilorQA.Harness.Infrastructure;

/// <summary>The kind and size of a path without opening it (<c>statx(2)</c>, whose layout is the same on every architecture).</summary>
/// <param name="Kind">Regular file, directory, FIFO, ... or missing.</param>
/// <param name="Size">Bytes, for a regular file.</param>
/// <param name="Problem">Why the path could not be inspected (permission, a loop of links), or null.</param>
public sealed partial record FileStatus(FileKind Kind, long Size, string? Problem)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary>A phrase for error messages: "a directory", "a FIFO (named pipe)", ...</summary>
    public string Description => Kind switch
    {
        FileKind.Missing => "no such file",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "not a regular file",
    };

    /// <summary>Inspects <paramref name="path"/> (links followed).</summary>
    public static unsafe FileStatus Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> buffer = stackalloc byte[256];
        int result;
        fixed (byte* statx = buffer)
        {
            result = Statx(AtFdCwd, path, 0, StatxType | StatxMode | StatxSize, statx);
        }

        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 // ENOENT, ENOTDIR
                ? new FileStatus(FileKind.Missing, 0, null)
                : new FileStatus(FileKind.Other, 0, Marshal.GetPInvokeErrorMessage(errno));
        }

        var mode = BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2));
        var size = (long)BitConverter.ToUInt64(buffer.Slice(SizeOffset, 8));
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, size, null);
    }

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* statx);
}
