namespace VeilorQA.Harness.Guest.Branding;

/// <summary><c>/etc/os-release</c> as fields (os-release(5): <c>KEY=value</c>, values maybe quoted, <c>#</c> comments).</summary>
public sealed record OsRelease(IReadOnlyDictionary<string, string> Fields)
{
    public const string Command = "cat /etc/os-release";

    public string? this[string key] => Fields.TryGetValue(key, out var value) ? value : null;

    public static OsRelease Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in ProbeShell.Lines(text))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }

            fields[line[..eq]] = Unquote(line[(eq + 1)..]);
        }

        return new OsRelease(fields);
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
            if (value.Length > 0)
            {
                value = value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal)
                    .Replace("\\`", "`", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
        }

        return value;
    }
}
