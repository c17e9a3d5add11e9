using System.Globalization;
using System.Security.Cryptography;

namespace VeilorQA.Harness.Infrastructure;

/// <summary>Identifies one harness run; every VM, disk, TPM state, container and temp folder carries it.</summary>
/// <remarks>
/// Resource names are <c>veilorqa-&lt;runid&gt;-...</c>. A run writes an owner file
/// (<see cref="RunOwner"/>) with its process id and start time, so a later run can tell a crashed
/// run's leftovers from a live run's resources and reap only the former.
/// </remarks>
public sealed record RunId
{
    /// <summary>Prefix of every name the harness creates.</summary>
    public const string Prefix = "veilorqa-";

    public RunId(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 24 || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"A run id is 1-24 lowercase letters or digits, got '{value}'.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>A fresh id: UTC time plus random bits, sortable and unique per machine.</summary>
    public static RunId New() =>
        new(DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));

    /// <summary>Overrides the run id of a process.</summary>
    public const string EnvironmentVariable = "VEILORQA_RUN_ID";

    /// <summary>The run id of this process (one per process; override with VEILORQA_RUN_ID).</summary>
    public static RunId Current { get; } = FromEnvironmentOrNew();

    /// <summary>The name prefix of this run's resources, <c>veilorqa-&lt;id&gt;</c>.</summary>
    public string ResourcePrefix => Prefix + Value;

    /// <summary>A resource name of this run: <c>veilorqa-&lt;id&gt;-&lt;suffix&gt;</c>.</summary>
    public string Name(string suffix) => $"{ResourcePrefix}-{suffix}";

    /// <summary>Extracts the run id from a resource name made by <see cref="Name"/>, or null.</summary>
    public static RunId? TryParseFromName(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[Prefix.Length..];
        var end = rest.IndexOf('-', StringComparison.Ordinal);
        var id = end < 0 ? rest : rest[..end];
        try
        {
            return new RunId(id);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public override string ToString() => Value;

    private static RunId FromEnvironmentOrNew()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(env) ? New() : new RunId(env);
    }
}
