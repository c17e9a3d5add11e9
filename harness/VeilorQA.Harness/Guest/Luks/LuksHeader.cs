using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>A LUKS header from <c>cryptsetup luksDump</c> (JSON metadata or text): version, keyslots, tokens.</summary>
public sealed partial record LuksHeader(int Version, string? Uuid, IReadOnlyList<LuksKeyslot> Keyslots, IReadOnlyList<LuksToken> Tokens)
{
    public LuksToken? Tpm2Token => Tokens.FirstOrDefault(t => t.IsSystemdTpm2);

    /// <summary><c>--dump-json-metadata</c> prints the LUKS2 JSON area (there is no JSON for LUKS1, hence version 2).</summary>
    public static LuksHeader ParseJson(string json)
    {
        const string Source = "cryptsetup luksDump --dump-json-metadata";
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var keyslots = new List<LuksKeyslot>();
            if (root.TryGetProperty("keyslots", out var ks))
            {
                foreach (var slot in ks.EnumerateObject())
                {
                    var kdf = slot.Value.TryGetProperty("kdf", out var k) ? k : default;
                    keyslots.Add(new LuksKeyslot(
                        slot.Name,
                        Str(slot.Value, "type") ?? "?",
                        Str(kdf, "type"),
                        Str(kdf, "hash"),
                        Long(kdf, "iterations"),
                        Long(kdf, "memory"),
                        (int?)Long(kdf, "time"),
                        (int?)Long(kdf, "cpus")));
                }
            }

            var tokens = new List<LuksToken>();
            if (root.TryGetProperty("tokens", out var ts))
            {
                foreach (var token in ts.EnumerateObject())
                {
                    var slots = token.Value.TryGetProperty("keyslots", out var s) ? s.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : [];
                    var pcrs = token.Value.TryGetProperty("tpm2-pcrs", out var p) && p.ValueKind == JsonValueKind.Array
                        ? p.EnumerateArray().Select(x => x.GetInt32()).ToList()
                        : [];
                    tokens.Add(new LuksToken(token.Name, Str(token.Value, "type") ?? "?", slots, pcrs, Str(token.Value, "tpm2-pcr-bank")));
                }
            }

            return new LuksHeader(2, null, keyslots, tokens);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new GuestOutputException(Source, $"not LUKS2 JSON metadata ({e.Message})", json, e);
        }
    }

    [GeneratedRegex(@"^  (\d+): (\S+)$")]
    private static partial Regex ItemHeader();

    [GeneratedRegex(@"^\t([^:]+):\s*(.*)$")]
    private static partial Regex Detail();

    /// <summary>The human-readable <c>cryptsetup luksDump</c>, for guests whose cryptsetup predates JSON dumps.</summary>
    public static LuksHeader ParseText(string text)
    {
        int? version = null;
        string? uuid = null;
        var section = string.Empty;
        var keyslots = new List<LuksKeyslot>();
        var tokens = new List<LuksToken>();
        LuksKeyslot? slot = null;
        LuksToken? token = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                Flush();
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var key = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "Version":
                        version = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "UUID":
                        uuid = value;
                        break;
                }

                section = key;
                continue;
            }

            if (ItemHeader().Match(line) is { Success: true } item)
            {
                Flush();
                if (section == "Keyslots")
                {
                    slot = new LuksKeyslot(item.Groups[1].Value, item.Groups[2].Value, null, null, null, null, null, null);
                }
                else if (section == "Tokens")
                {
                    token = new LuksToken(item.Groups[1].Value, item.Groups[2].Value, [], [], null);
                }

                continue;
            }

            if (Detail().Match(line) is not { Success: true } detail)
            {
                continue;
            }

            var name = detail.Groups[1].Value.Trim();
            var v = detail.Groups[2].Value.Trim();
            if (slot is not null)
            {
                slot = name switch
                {
                    "PBKDF" => slot with { Pbkdf = v },
                    "Hash" => slot with { Hash = v },
                    "Iterations" => slot with { Iterations = long.Parse(v, CultureInfo.InvariantCulture) },
                    "Memory" => slot with { MemoryKiB = long.Parse(v, CultureInfo.InvariantCulture) },
                    "Time cost" => slot with { TimeCost = int.Parse(v, CultureInfo.InvariantCulture) },
                    "Threads" => slot with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                    _ => slot,
                };
            }
            else if (token is not null)
            {
                token = name switch
                {
                    // systemd ≥ 252 prints "tpm2-hash-pcrs", older "tpm2-pcrs"; both as 7+14.
                    "tpm2-hash-pcrs" or "tpm2-pcrs" => token with { TpmPcrs = ParsePcrList(v) },
                    "tpm2-pcr-bank" => token with { TpmPcrBank = v },
                    "Keyslot" => token with { Keyslots = [.. token.Keyslots, v] },
                    _ => token,
                };
            }
        }

        Flush();
        return new LuksHeader(version ?? throw new GuestOutputException("cryptsetup luksDump", "no 'Version:' line", text), uuid, keyslots, tokens);

        void Flush()
        {
            if (slot is not null)
            {
                keyslots.Add(slot);
            }

            if (token is not null)
            {
                tokens.Add(token);
            }

            slot = null;
            token = null;
        }
    }

    private static List<int> ParsePcrList(string v) =>
        v.Split(['+', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .ToList();

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number => v.GetInt64(),
                JsonValueKind.String when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                _ => null,
            }
            : null;
}
