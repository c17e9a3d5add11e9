using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VeilorQA.Harness.Guest.Journal;

/// <summary>Reads <c>journalctl -o json</c> (one JSON object per line).</summary>
public static class JournalParser
{
    public static IReadOnlyList<JournalEntry> ParseJsonLines(string text)
    {
        var entries = new List<JournalEntry>();
        foreach (var line in ProbeShell.Lines(text))
        {
            entries.Add(ParseLine(line));
        }

        return entries;
    }

    public static JournalEntry ParseLine(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (FieldValue(p.Value) is { } value)
                {
                    fields[p.Name] = value;
                }
            }

            var cursor = fields.GetValueOrDefault("__CURSOR") ?? throw new GuestOutputException("journalctl -o json", "entry without __CURSOR", line);
            var micros = long.Parse(fields.GetValueOrDefault("__REALTIME_TIMESTAMP") ?? "0", CultureInfo.InvariantCulture);
            var timestamp = DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
            return new JournalEntry(cursor, timestamp, fields.GetValueOrDefault("MESSAGE") ?? string.Empty, fields);
        }
        catch (JsonException e)
        {
            throw new GuestOutputException("journalctl -o json", $"not a JSON line ({e.Message})", line, e);
        }
    }

    // journald gives binary-unsafe fields as arrays of byte values, and repeated fields as arrays of strings.
    private static string? FieldValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number) =>
            Encoding.UTF8.GetString(value.EnumerateArray().Select(v => v.GetByte()).ToArray()),
        JsonValueKind.Array => string.Join('\n', value.EnumerateArray().Select(FieldValue).Where(v => v is not null)),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
