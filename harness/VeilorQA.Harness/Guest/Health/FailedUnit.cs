using System.Text.Json;

namespace VeilorQA.Harness.Guest.Health;

/// <summary>A unit systemd lists as failed (<c>systemctl list-units --failed</c>).</summary>
public sealed record FailedUnit(string Unit, string Load, string Active, string Sub, string Description)
{
    public override string ToString() => $"{Unit} ({Load} {Active} {Sub}: {Description})";

    /// <summary>Parses <c>systemctl list-units --failed --output=json</c> (an array of {unit, load, active, sub, description}).</summary>
    /// <exception cref="GuestOutputException">Not such an array.</exception>
    public static IReadOnlyList<FailedUnit> ParseJson(string json)
    {
        const string Source = "systemctl list-units --failed --output=json";
        try
        {
            using var document = JsonDocument.Parse(json.Trim().Length == 0 ? "[]" : json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new GuestOutputException(Source, "not a JSON array", json);
            }

            return document.RootElement.EnumerateArray()
                .Select(u => new FailedUnit(Text(u, "unit"), Text(u, "load"), Text(u, "active"), Text(u, "sub"), Text(u, "description")))
                .Where(u => u.Unit.Length > 0)
                .ToList();
        }
        catch (JsonException e)
        {
            throw new GuestOutputException(Source, $"not JSON ({e.Message})", json, e);
        }
    }

    /// <summary>Parses the plain listing (<c>--plain --no-legend --full</c>): UNIT LOAD ACTIVE SUB DESCRIPTION, maybe behind a bullet.</summary>
    public static IReadOnlyList<FailedUnit> ParsePlain(string text) =>
        ProbeShell.Lines(text)
            .Select(l => l.TrimStart(' ', '●', '*', '×').Split(' ', 5, StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4)
            .Select(w => new FailedUnit(w[0], w[1], w[2], w[3], w.Length > 4 ? w[4].Trim() : string.Empty))
            .ToList();

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
