namespace VeilorQA.Harness.Images.Reference;

/// <summary>The KEY=VALUE lines build.sh writes to build.env.</summary>
public sealed class BuildFacts
{
    private readonly IReadOnlyDictionary<string, string> _values;

    private BuildFacts(IReadOnlyDictionary<string, string> values) => _values = values;

    /// <summary>Parses lines; blank lines and '#' comments are skipped, anything else must be KEY=VALUE.</summary>
    public static BuildFacts Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"build.env line {number} is not KEY=VALUE: '{line}'");
            }

            values[line[..eq]] = line[(eq + 1)..];
        }

        return new BuildFacts(values);
    }

    /// <summary>The value of <paramref name="key"/>, or a <see cref="FormatException"/> naming it.</summary>
    public string Require(string key) =>
        _values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"build.env has no value for {key}");
}
