using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Candidate;

/// <summary>Registry credentials in a containers-auth.json file (mode 0600) for skopeo's <c>--authfile</c>.</summary>
/// <remarks>
/// <c>--dest-creds USER:PASS</c> would put the password on a command line, which <c>ps</c> shows and
/// which <see cref="ExternalCommand"/> writes into its error messages. The file lives in
/// <c>$TMPDIR/veilorqa-&lt;runid&gt;-auth-…</c> (0700): disposing removes it, and if the run crashes first the
/// reaper removes the folder by run id. The same format is what a guest reads from <c>/etc/ostree/auth.json</c>.
/// </remarks>
public sealed class RegistryAuthFile : IDisposable
{
    private RegistryAuthFile(string directory) => Directory = directory;

    /// <summary>The run's folder holding the file.</summary>
    public string Directory { get; }

    /// <summary>The auth file (<c>auth.json</c>).</summary>
    public string Path => System.IO.Path.Combine(Directory, "auth.json");

    /// <summary>Writes the credentials for <paramref name="registry"/> (<c>host:port</c>) into a new folder of <paramref name="run"/>.</summary>
    public static RegistryAuthFile Create(string registry, RegistryCredentials credentials, RunId run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("registry auth files are written with Unix modes");
        }

        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), run.Name("auth-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))));
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = new RegistryAuthFile(directory);
        try
        {
            Write(file.Path, registry, credentials);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return file;
    }

    /// <summary>Writes <c>{"auths":{"host:port":{"auth":"base64(user:pass)"}}}</c> to <paramref name="path"/>, created 0600.</summary>
    public static void Write(string path, string registry, RegistryCredentials credentials) => Write(path, [registry], credentials);

    /// <summary>As <see cref="Write(string, string, RegistryCredentials)"/>, one entry per <c>host:port</c> (the host's and a guest's address of one registry).</summary>
    public static void Write(string path, IReadOnlyList<string> registries, RegistryCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(registries);
        if (registries.Count == 0 || registries.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("an auth file needs at least one non-empty host:port", nameof(registries));
        }

        ArgumentNullException.ThrowIfNull(credentials);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("registry auth files are written with Unix modes");
        }

        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.User + ":" + credentials.Password.Reveal()));
        var json = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, Dictionary<string, string>>>
        {
            ["auths"] = registries.Distinct(StringComparer.Ordinal).ToDictionary(r => r, _ => new Dictionary<string, string> { ["auth"] = auth }, StringComparer.Ordinal),
        });
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        // Created with 0600 from the start: never a moment when the group or others could read it.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(Encoding.UTF8.GetBytes(json));
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // The reaper removes the folder by run id.
        }
    }
}
