using System.Globalization;

namespace VeilorQA.Harness.Images;

/// <summary>
/// A line a recipe's build.sh prints at a real phase boundary (<c>::veilorqa-phase packages</c>) or with how far the
/// phase is, where a tool says so (<c>::veilorqa-phase packages 45%</c>: dpkg's packages set up of apt's total,
/// mksquashfs's own progress bar).
/// </summary>
/// <param name="Phase">The phase's name (words; no percentage).</param>
/// <param name="Percent">0–100 when the line reports progress within <paramref name="Phase"/>, else null.</param>
public sealed record PhaseMarker(string Phase, int? Percent)
{
    /// <summary>What every marker line starts with.</summary>
    public const string Prefix = "::veilorqa-phase ";

    /// <summary>The marker on <paramref name="line"/>, or null when the line is ordinary output (or a malformed marker).</summary>
    public static PhaseMarker? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var words = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var last = words[^1];
        if (last.EndsWith('%'))
        {
            if (words.Length == 1
                || !int.TryParse(last.AsSpan(0, last.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
                || percent > 100)
            {
                return null;
            }

            return new PhaseMarker(string.Join(' ', words[..^1]), percent);
        }

        return new PhaseMarker(string.Join(' ', words), null);
    }
}
