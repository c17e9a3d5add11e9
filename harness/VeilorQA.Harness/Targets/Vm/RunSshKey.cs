using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// An SSH key pair made for one run (ed25519, no passphrase) in the run's folder: the public half goes into the kickstart's
/// <c>sshkey</c>, the private half is how the harness logs in to the installed system. Both files are 0600 from creation;
/// the private key's text is registered with <see cref="Redactor.Global"/>; the folder is removed with the run.
/// </summary>
public sealed record RunSshKey
{
    private RunSshKey(string privateKeyFile, string publicKey)
    {
        PrivateKeyFile = privateKeyFile;
        PublicKey = publicKey;
    }

    /// <summary>The private key file (OpenSSH format, mode 0600).</summary>
    public string PrivateKeyFile { get; }

    /// <summary>The public key file (<see cref="PrivateKeyFile"/><c>.pub</c>, mode 0600).</summary>
    public string PublicKeyFile => PrivateKeyFile + ".pub";

    /// <summary>The public key line (<c>ssh-ed25519 AAAA… comment</c>) as the kickstart's <c>sshkey</c> takes it.</summary>
    public string PublicKey { get; }

    /// <summary>Generates a new pair as <paramref name="directory"/>/id_ed25519; an existing pair there is refused (never reused).</summary>
    /// <param name="directory">The run's folder for it (created 0700 when missing).</param>
    /// <param name="comment">The key's comment (the run id), so that an authorized_keys line says where it came from.</param>
    /// <param name="cancellationToken">Cancels ssh-keygen.</param>
    public static async Task<RunSshKey> GenerateAsync(string directory, string comment, CancellationToken cancellationToken = default)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("run SSH keys are written with Unix modes");
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = Path.Combine(directory, "id_ed25519");
        if (File.Exists(key) || File.Exists(key + ".pub"))
        {
            throw new IOException($"{key}: an SSH key is already there; a run's key is generated once and never reused");
        }

        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", comment, "-f", key], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(key, ownerOnly);
        File.SetUnixFileMode(key + ".pub", ownerOnly);
        Redactor.Global.Register(new Secret((await File.ReadAllTextAsync(key, cancellationToken)).Trim()));
        return new RunSshKey(key, (await File.ReadAllTextAsync(key + ".pub", cancellationToken)).Trim());
    }
}
