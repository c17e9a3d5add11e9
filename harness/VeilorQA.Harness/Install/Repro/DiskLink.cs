using System.Runtime.InteropServices;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>Puts a (large) disk image into a bundle: a hard link when both are on one file system, else a copy.</summary>
internal static partial class DiskLink
{
    public const string HardLink = "hard link";
    public const string Copy = "copy";

    /// <summary>Links or copies <paramref name="source"/> to <paramref name="target"/>; returns which it did.</summary>
    public static string Place(string source, string target, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!OperatingSystem.IsWindows() && Link(source, target) == 0)
        {
            return HardLink;
        }

        // EXDEV (another file system), EPERM (protected_hardlinks: the disk belongs to the qemu user): copy instead.
        File.Copy(source, target);
        return Copy;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
