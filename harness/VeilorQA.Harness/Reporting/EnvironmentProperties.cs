using System.Text;

namespace VeilorQA.Harness.Reporting;

/// <summary>Reads and writes the Java-properties file Allure shows as the report's Environment widget.</summary>
public static class EnvironmentProperties
{
    public static SortedDictionary<string, string> Parse(string text)
    {
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var separator = IndexOfSeparator(line);
            var key = separator < 0 ? line : line[..separator];
            var value = separator < 0 ? string.Empty : line[(separator + 1)..];
            properties[Unescape(key.Trim())] = Unescape(value.TrimStart());
        }

        return properties;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            text.Append(Escape(key, isKey: true)).Append('=').Append(Escape(value, isKey: false)).Append('\n');
        }

        return text.ToString();
    }

    private static int IndexOfSeparator(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] is '=' or ':')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Escape(string text, bool isKey)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '\n' => escaped.Append(@"\n"),
                '\r' => escaped.Append(@"\r"),
                '\t' => escaped.Append(@"\t"),
                '=' or ':' or '#' or '!' when isKey => escaped.Append('\\').Append(c),
                ' ' when isKey => escaped.Append(@"\ "),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static string Unescape(string text)
    {
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i == text.Length - 1)
            {
                plain.Append(text[i]);
                continue;
            }

            i++;
            plain.Append(text[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var other => other });
        }

        return plain.ToString();
    }
}
