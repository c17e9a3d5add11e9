using System.Globalization;
using System.Text.Json;

namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>Reads <c>bootc status --format=json</c> into <see cref="BootcStatus"/>; unknown fields are ignored, missing required ones are errors.</summary>
public static class BootcStatusParser
{
    private const string Source = "bootc status --format=json";

    public static BootcStatus Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GuestOutputException(Source, $"not JSON ({e.Message})", json, e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            var apiVersion = String(root, "apiVersion") ?? throw new GuestOutputException(Source, "no apiVersion", json);
            var kind = String(root, "kind");
            if (kind != "BootcHost")
            {
                throw new GuestOutputException(Source, $"kind is '{kind}', expected BootcHost", json);
            }

            var spec = Object(root, "spec");
            var status = Object(root, "status");
            return new BootcStatus(
                apiVersion,
                spec is { } s ? ImageRef(Object(s, "image"), json) : null,
                spec is { } s2 ? String(s2, "bootOrder") : null,
                Entry(status, "booted", json),
                Entry(status, "staged", json),
                Entry(status, "rollback", json),
                status is { } st && Bool(st, "rollbackQueued"),
                status is { } st2 && Object(st2, "otherDeployments") is { ValueKind: JsonValueKind.Array } others
                    ? others.EnumerateArray().Select(e => ParseEntry(e, json)).ToList()
                    : [],
                status is { } st3 ? String(st3, "type") : null);
        }
    }

    private static BootcEntry? Entry(JsonElement? status, string name, string json) =>
        status is { } s && Object(s, name) is { } e ? ParseEntry(e, json) : null;

    private static BootcEntry ParseEntry(JsonElement e, string json)
    {
        BootcOstreeEntry? ostree = null;
        if (Object(e, "ostree") is { } o)
        {
            ostree = new BootcOstreeEntry(
                String(o, "checksum") ?? throw new GuestOutputException(Source, "ostree entry without checksum", json),
                o.TryGetProperty("deploySerial", out var serial) && serial.ValueKind == JsonValueKind.Number ? serial.GetInt32() : 0,
                String(o, "stateroot"));
        }

        return new BootcEntry(ImageStatus(Object(e, "image"), json), ImageStatus(Object(e, "cachedUpdate"), json), Bool(e, "incompatible"), Bool(e, "pinned"), ostree);
    }

    private static BootcImageStatus? ImageStatus(JsonElement? element, string json)
    {
        if (element is not { } e)
        {
            return null;
        }

        var reference = ImageRef(Object(e, "image"), json) ?? throw new GuestOutputException(Source, "image status without image reference", json);
        var timestamp = String(e, "timestamp");
        return new BootcImageStatus(
            reference,
            String(e, "version"),
            timestamp is null ? null : DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            String(e, "imageDigest") ?? throw new GuestOutputException(Source, "image status without imageDigest", json),
            String(e, "architecture"));
    }

    private static BootcImageReference? ImageRef(JsonElement? element, string json)
    {
        if (element is not { } e)
        {
            return null;
        }

        string? signature = null;
        if (e.TryGetProperty("signature", out var sig))
        {
            signature = sig.ValueKind switch
            {
                JsonValueKind.String => sig.GetString(),
                JsonValueKind.Object when sig.TryGetProperty("ostreeRemote", out var remote) => "ostreeRemote:" + remote.GetString(),
                _ => null,
            };
        }

        return new BootcImageReference(
            String(e, "image") ?? throw new GuestOutputException(Source, "image reference without image", json),
            String(e, "transport") ?? "registry",
            signature);
    }

    private static JsonElement? Object(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined ? v : null;

    private static JsonElement? Object(JsonElement? e, string name) => e is { } x ? Object(x, name) : null;

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
