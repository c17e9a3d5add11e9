using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Machines;

/// <summary>The account libvirt runs QEMU as; folders QEMU must create sockets or 9p files in are handed to it.</summary>
internal static partial class QemuProcessUser
{
    private static readonly Lazy<(int Uid, int Gid)?> Ids = new(Resolve);

    /// <summary>Gives <paramref name="path"/> to the QEMU user (no-op when QEMU runs as root or the user is unknown).</summary>
    public static void HandOver(string path)
    {
        if (Ids.Value is not { } ids || ids.Uid == 0)
        {
            return;
        }

        if (Chown(path, ids.Uid, ids.Gid) != 0)
        {
            throw new IOException($"cannot hand '{path}' to the QEMU user (uid {ids.Uid}): errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static (int Uid, int Gid)? Resolve()
    {
        var name = "libvirt-qemu";
        try
        {
            var configured = File.ReadLines("/etc/libvirt/qemu.conf").Select(l => UserSetting().Match(l)).FirstOrDefault(m => m.Success);
            if (configured is not null)
            {
                name = configured.Groups[1].Value;
            }

            var entry = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == name);
            return entry is null ? null : (int.Parse(entry[2], CultureInfo.InvariantCulture), int.Parse(entry[3], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex("""^\s*user\s*=\s*"([^"+]+)"\s*$""")]
    private static partial Regex UserSetting();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, int owner, int group);
}
