using System.Security.Cryptography;

namespace VeilorQA.Harness.Channels.Shell;

/// <summary>An SSH host key's SHA256 fingerprint as OpenSSH prints it: <c>SHA256:</c> + unpadded base64.</summary>
public sealed record HostKeyFingerprint
{
    private const string Prefix = "SHA256:";

    private HostKeyFingerprint(string value) => Value = value;

    /// <summary>The fingerprint text, e.g. <c>SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og</c>.</summary>
    public string Value { get; }

    /// <summary>Parses what <c>ssh-keygen -lf</c> or <c>ssh</c> prints (<c>SHA256:...</c>); padding is tolerated.</summary>
    public static HostKeyFingerprint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"A host key fingerprint looks like 'SHA256:<base64>' (as ssh-keygen -lf prints it), got '{text}'.");
        }

        return FromBase64(trimmed[Prefix.Length..], text);
    }

    /// <summary>From the unprefixed base64 digest, as SSH.NET reports it.</summary>
    public static HostKeyFingerprint FromBase64(string base64) => FromBase64(base64, base64);

    /// <summary>Of a public key line (<c>ssh-ed25519 AAAA... comment</c>, e.g. a guest's <c>ssh_host_ed25519_key.pub</c>).</summary>
    public static HostKeyFingerprint FromPublicKeyLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            throw new FormatException($"A public key line is '<type> <base64> [comment]', got '{line}'.");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(fields[1]);
        }
        catch (FormatException)
        {
            throw new FormatException($"The key of public key line '{line}' is not base64.");
        }

        return new HostKeyFingerprint(Prefix + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('='));
    }

    /// <summary>Of the first key in a <c>.pub</c> file.</summary>
    public static HostKeyFingerprint FromPublicKeyFile(string path) =>
        FromPublicKeyLine(File.ReadLines(path).First(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')));

    public override string ToString() => Value;

    private static HostKeyFingerprint FromBase64(string base64, string original)
    {
        var unpadded = base64.TrimEnd('=');
        var padded = unpadded + new string('=', (4 - (unpadded.Length % 4)) % 4);
        byte[] digest;
        try
        {
            digest = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new FormatException($"The host key fingerprint '{original}' is not base64.");
        }

        if (digest.Length != 32)
        {
            throw new FormatException($"The host key fingerprint '{original}' is {digest.Length} bytes; a SHA256 digest is 32.");
        }

        return new HostKeyFingerprint(Prefix + unpadded);
    }
}
