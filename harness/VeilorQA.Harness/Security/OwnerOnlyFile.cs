using System.Text;

namespace VeilorQA.Harness.Security;

/// <summary>Files that hold a secret (a rendered kickstart with its LUKS passphrase): created 0600 through a temporary file, never readable by others even for an instant.</summary>
public static class OwnerOnlyFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> with mode 0600 (replacing it atomically).</summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(content);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
