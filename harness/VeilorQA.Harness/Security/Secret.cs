namespace VeilorQA.Harness.Security;

/// <summary>A secret value (LUKS passphrase, key, credential) that never prints itself.</summary>
/// <remarks>
/// Every string conversion yields <c>******</c>; only <see cref="Reveal"/> gives the value, so a
/// secret cannot reach a log, a transcript or a report through interpolation by accident.
/// </remarks>
public sealed class Secret : IEquatable<Secret>
{
    /// <summary>What a secret prints as everywhere.</summary>
    public const string Mask = "******";

    private readonly string _value;

    public Secret(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The clear value; call it only where the secret is handed to the system under test.</summary>
    public string Reveal() => _value;

    /// <summary>Reads a secret from an environment variable, or null when unset or empty.</summary>
    public static Secret? FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value) ? null : new Secret(value);
    }

    /// <summary>Reads a secret from a file (trailing newline removed).</summary>
    /// <exception cref="UnauthorizedAccessException">The file is readable or writable by its group or by others: a secret
    /// other users of the machine can read is no secret (chmod 600 it). The message names the file and its mode, never the value.</exception>
    public static Secret FromFile(string path)
    {
        const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & shared) != 0)
            {
                throw new UnauthorizedAccessException(
                    $"secret file {path} has mode {System.Convert.ToString((int)mode, 8).PadLeft(4, '0')}: readable or writable by its group or by others; chmod 600 it");
            }
        }

        return new(File.ReadAllText(path).TrimEnd('\r', '\n'));
    }

    public override string ToString() => Mask;

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Secret s && Equals(s);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
