using System.Globalization;

namespace VeilorQA.Harness.Guest.Systemd;

/// <summary>A unit's state from <c>systemctl show -p ...</c>: load/active/sub state, enablement, who wants it, how its main process ended.</summary>
public sealed record SystemdUnitState(IReadOnlyDictionary<string, string> Properties)
{
    public string Id => Get("Id") ?? "?";

    public string? LoadState => Get("LoadState");

    public string? ActiveState => Get("ActiveState");

    public string? SubState => Get("SubState");

    public string? UnitFileState => Get("UnitFileState");

    public string? Result => Get("Result");

    /// <summary>Units whose <c>.wants/</c> pulls this one in (the reverse of Wants=).</summary>
    public IReadOnlyList<string> WantedBy =>
        (Get("WantedBy") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    public int? ExecMainStatus => Int("ExecMainStatus");

    public int? NRestarts => Int("NRestarts");

    public bool Exists => LoadState is not null and not "not-found";

    public string? Get(string name) => Properties.TryGetValue(name, out var v) ? v : null;

    public static SystemdUnitState Parse(string output)
    {
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in ProbeShell.Lines(output))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new GuestOutputException("systemctl show", "expected Key=Value", line);
            }

            props[line[..eq]] = line[(eq + 1)..];
        }

        return new SystemdUnitState(props);
    }

    public override string ToString() =>
        $"{Id}: {LoadState}, {ActiveState} ({SubState}), {UnitFileState}, wanted by [{string.Join(' ', WantedBy)}], result {Result}, exit {ExecMainStatus}";

    private int? Int(string name) =>
        int.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
