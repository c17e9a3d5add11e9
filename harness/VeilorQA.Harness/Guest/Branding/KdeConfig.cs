namespace VeilorQA.Harness.Guest.Branding;

/// <summary>
/// A KDE-style configuration file (kdeglobals, kscreenlockerrc, ...): <c>[Group]</c> headers, nested as
/// <c>[A][B][C]</c>, then <c>Key=Value</c> lines. A key may carry KDE's flags (<c>Key[$e]=</c>), which are dropped.
/// </summary>
public sealed class KdeConfig
{
    private readonly Dictionary<(string Group, string Key), string> _values;

    private KdeConfig(Dictionary<(string Group, string Key), string> values) => this._values = values;

    /// <summary>The value of <paramref name="key"/> in the group whose header is exactly <paramref name="group"/> (<c>[KDE]</c>), or null.</summary>
    public string? Get(string group, string key) => _values.TryGetValue((group, key), out var value) ? value : null;

    /// <summary>The group headers the file has.</summary>
    public IReadOnlyCollection<string> Groups => _values.Keys.Select(k => k.Group).Distinct().ToList();

    public static KdeConfig Parse(string text)
    {
        var values = new Dictionary<(string, string), string>();
        var group = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                group = line;
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim();
            var flags = key.IndexOf("[$", StringComparison.Ordinal);
            if (flags > 0)
            {
                key = key[..flags];
            }

            values[(group, key)] = line[(eq + 1)..].Trim();
        }

        return new KdeConfig(values);
    }
}
