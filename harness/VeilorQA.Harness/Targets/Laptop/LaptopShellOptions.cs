using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>Builds the <see cref="SshShellOptions"/> of a matrix laptop: its key, its pinned host key, its connect timeout.</summary>
public static class LaptopShellOptions
{
    /// <summary>Reads the pin (from the fingerprint file when the matrix names one) and picks the key file.</summary>
    /// <remarks>
    /// <c>agent: true</c>: SSH.NET 2026.0.0 has no ssh-agent client, so the key the agent holds must also be
    /// available as a file named by <c>VEILORQA_SSH_KEY</c>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The pin or the key cannot be had; the message names the target and the fix.</exception>
    public static SshShellOptions From(LaptopEntry laptop)
    {
        ArgumentNullException.ThrowIfNull(laptop);
        var options = new SshShellOptions(laptop.Host, laptop.Port, laptop.User)
        {
            PinnedHostKey = PinnedHostKey(laptop),
            ConnectTimeout = laptop.Timeouts.Connect,
        };
        if (laptop.KeyFile is not null)
        {
            return options with { PrivateKeyFile = laptop.KeyFile };
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(SshShellOptions.KeyFileVariable);
        if (string.IsNullOrEmpty(fromEnvironment))
        {
            throw new InvalidOperationException(
                $"target {laptop.Name} uses 'agent: true', but the SSH client (SSH.NET) cannot talk to ssh-agent: "
                + $"export the path of the agent's private key file in {SshShellOptions.KeyFileVariable}, or set key_file in the matrix.");
        }

        return options with { PrivateKeyFile = fromEnvironment };
    }

    /// <summary>The fingerprint pinned in the matrix, or read from its file: a <c>SHA256:...</c> word (as <c>ssh-keygen -lf</c> prints it), a public key line or an ssh-keyscan line.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, empty or holds no fingerprint.</exception>
    public static HostKeyFingerprint PinnedHostKey(LaptopEntry laptop)
    {
        ArgumentNullException.ThrowIfNull(laptop);
        if (laptop.HostKeyFingerprint is not null)
        {
            return HostKeyFingerprint.Parse(laptop.HostKeyFingerprint);
        }

        var file = laptop.HostKeyFingerprintFile
            ?? throw new InvalidOperationException($"target {laptop.Name} pins no host key (host_key_fingerprint or host_key_fingerprint_file).");
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"target {laptop.Name}: host key fingerprint file {file} unreadable: {e.Message}", e);
        }

        try
        {
            return ParseFingerprintText(text);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"target {laptop.Name}: host key fingerprint file {file}: {e.Message}", e);
        }
    }

    /// <summary>A <c>SHA256:...</c> word anywhere in the text, else the first non-comment line read as a public key line (or a known_hosts / ssh-keyscan line).</summary>
    internal static HostKeyFingerprint ParseFingerprintText(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var word = words.FirstOrDefault(w => w.StartsWith("SHA256:", StringComparison.Ordinal));
        if (word is not null)
        {
            return HostKeyFingerprint.Parse(word);
        }

        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
            ?? throw new FormatException("it is empty; it should hold 'SHA256:<base64>' (ssh-keygen -lf <host key>.pub) or the host's public key line.");

        // A known_hosts / ssh-keyscan line starts with the host: '[127.0.0.1]:2222 ssh-ed25519 AAAA...'.
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var type = Array.FindIndex(fields, f => f.StartsWith("ssh-", StringComparison.Ordinal) || f.StartsWith("ecdsa-", StringComparison.Ordinal));
        return HostKeyFingerprint.FromPublicKeyLine(type > 0 ? string.Join(' ', fields[type..]) : line);
    }
}
