using System.Text;

namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>nmcli's terse (<c>-t</c>) format: tabular lines split on ':' with '\:' and '\\' escaped; multi-line <c>show</c> output is <c>KEY:value</c> unescaped.</summary>
public static class NmcliTerse
{
    public static IReadOnlyList<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && (line[i + 1] == ':' || line[i + 1] == '\\'))
            {
                current.Append(line[i + 1]);
                i++;
            }
            else if (c == ':')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Rows of a tabular terse listing; each must have <paramref name="fieldCount"/> fields.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseRows(string output, int fieldCount, string command) =>
        ProbeShell.Lines(output).Select(line =>
        {
            var f = SplitFields(line);
            return f.Count == fieldCount ? f : throw new GuestOutputException(command, $"expected {fieldCount} ':'-separated fields, got {f.Count}", line);
        }).ToList();

    /// <summary><c>KEY:value</c> lines; repeated keys (<c>IP4.ADDRESS[1]</c>, <c>[2]</c>) keep their index in the key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseShow(string output, string command) =>
        ProbeShell.Lines(output).Select(line =>
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? KeyValuePair.Create(line[..colon], line[(colon + 1)..]) : throw new GuestOutputException(command, "expected KEY:value", line);
        }).ToList();
}
