namespace VeilorQA.Harness.Doctor.Targets;

/// <summary>One line of <c>nmcli -t -f ACTIVE,SSID device wifi list</c>: whether the station is on it, and its name.</summary>
public sealed record WifiListing(bool Active, string Ssid)
{
    /// <summary>Parses nmcli's terse output, where a ':' inside a field is written <c>\:</c> and a backslash <c>\\</c>.</summary>
    public static IReadOnlyList<WifiListing> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var networks = new List<WifiListing>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = SplitTerse(line.TrimEnd('\r'));
            if (fields.Count == 2 && fields[1].Length > 0)
            {
                networks.Add(new WifiListing(fields[0] == "yes", fields[1]));
            }
        }

        return networks;
    }

    private static List<string> SplitTerse(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (line[i] == ':')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
