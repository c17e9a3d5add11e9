namespace VeilorQA.Harness.Infrastructure;

/// <summary>What a path names, as <c>statx(2)</c> reports it (following symbolic links).</summary>
/// <remarks>
/// .NET cannot tell a FIFO from a regular file, and opening a FIFO for reading blocks until a writer appears: a reader
/// that must never hang asks <see cref="FileStatus.Of"/> first and opens only <see cref="Regular"/> files.
/// </remarks>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}
