namespace VeilorQA.Harness.Guest.Firewall;

/// <summary>One firewalld zone as <c>firewall-cmd --info-zone=NAME</c> prints it (runtime or <c>--permanent</c>).</summary>
/// <param name="Name">The zone's name.</param>
/// <param name="IsActive">firewalld marks it <c>(active)</c>: an interface or source is bound to it now.</param>
/// <param name="IsDefault">firewalld marks it <c>(default)</c>.</param>
/// <param name="Target">What happens to traffic no rule matched: <c>default</c>, <c>ACCEPT</c>, <c>%%REJECT%%</c> or <c>DROP</c>.</param>
/// <param name="Interfaces">Interfaces bound to the zone.</param>
/// <param name="Sources">Source addresses bound to the zone.</param>
/// <param name="Services">Services reachable in the zone.</param>
/// <param name="Ports">Ports open in the zone (<c>1025-65535/tcp</c>).</param>
/// <param name="Forward">Whether traffic may be forwarded between the zone's interfaces (<c>forward: yes</c>).</param>
public sealed record FirewallZone(
    string Name,
    bool IsActive,
    bool IsDefault,
    string Target,
    IReadOnlyList<string> Interfaces,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Ports,
    bool Forward)
{
    /// <summary>The target accepts every packet no rule matched (the <c>trusted</c> zone): nothing is filtered.</summary>
    public bool AcceptsEverything => Target == "ACCEPT";

    /// <summary>Every TCP and UDP port is open.</summary>
    public bool OpensEveryPort =>
        Ports.Contains("1-65535/tcp", StringComparer.Ordinal) && Ports.Contains("1-65535/udp", StringComparer.Ordinal);

    public override string ToString() =>
        $"zone {Name}{(IsDefault ? " (default)" : string.Empty)}: target {Target}, interfaces [{string.Join(" ", Interfaces)}], "
        + $"services [{string.Join(" ", Services)}], ports [{string.Join(" ", Ports)}], forward {(Forward ? "yes" : "no")}";

    /// <summary>Parses <c>firewall-cmd --info-zone=NAME</c>: a header line <c>NAME [(default, active)]</c>, then indented <c>key: values</c>.</summary>
    /// <exception cref="GuestOutputException">The output has no header or no <c>target:</c> line.</exception>
    public static FirewallZone Parse(string output)
    {
        const string Source = "firewall-cmd --info-zone";
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        var header = lines.FirstOrDefault(l => !char.IsWhiteSpace(l[0]))
            ?? throw new GuestOutputException(Source, "no zone header line", output);
        var open = header.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? header : header[..open]).Trim();
        var marks = open < 0 ? [] : header[(open + 1)..].TrimEnd(')').Split(',').Select(m => m.Trim()).ToArray();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => char.IsWhiteSpace(l[0])))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        if (name.Length == 0 || !values.TryGetValue("target", out var target))
        {
            throw new GuestOutputException(Source, "no zone name or no 'target:' line", output);
        }

        return new FirewallZone(
            name,
            marks.Contains("active", StringComparer.Ordinal),
            marks.Contains("default", StringComparer.Ordinal),
            target,
            Words(values, "interfaces"),
            Words(values, "sources"),
            Words(values, "services"),
            Words(values, "ports"),
            values.TryGetValue("forward", out var forward) && forward == "yes");
    }

    private static IReadOnlyList<string> Words(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
}
