using System.Globalization;
using System.Text.Json;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>Reads bundle.json's fields by their dotted path ("inputs.isoSha256"), so every error names the file and the field.</summary>
internal sealed class BundleJsonFields(string file, JsonElement root)
{
    public string File { get; } = file;

    public JsonElement Object(string path) => Get(path, JsonValueKind.Object, "an object")!.Value;

    public string String(string path) => Get(path, JsonValueKind.String, "a string")!.Value.GetString()!;

    public string? OptionalString(string path) => Get(path, JsonValueKind.String, "a string or null", optional: true)?.GetString();

    public bool Bool(string path)
    {
        var value = Get(path, JsonValueKind.Undefined, "true or false")!.Value;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(path, "true or false", value),
        };
    }

    public int Int(string path, int minimum)
    {
        var value = Get(path, JsonValueKind.Number, "a whole number")!.Value;
        if (!value.TryGetInt32(out var number) || number < minimum)
        {
            throw Wrong(path, $"a whole number of at least {minimum}", value);
        }

        return number;
    }

    public double Number(string path)
    {
        var value = Get(path, JsonValueKind.Number, "a number")!.Value;
        var number = value.GetDouble();
        return number >= 0 ? number : throw Wrong(path, "a number of at least 0", value);
    }

    public T Enum<T>(string path)
        where T : struct, System.Enum =>
        ParseEnum<T>(path, String(path));

    public T? OptionalEnum<T>(string path)
        where T : struct, System.Enum =>
        OptionalString(path) is { } text ? ParseEnum<T>(path, text) : null;

    public DateTimeOffset Time(string path)
    {
        var text = String(path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw Error(path, $"'{text}' is not an ISO 8601 time");
    }

    public IReadOnlyList<string> Strings(string path)
    {
        var array = Get(path, JsonValueKind.Array, "an array of strings")!.Value;
        var list = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong($"{path}[{index}]", "a string", item));
            index++;
        }

        return list;
    }

    public IReadOnlyList<JsonElement> Array(string path) => [.. Get(path, JsonValueKind.Array, "an array")!.Value.EnumerateArray()];

    public ReproBundleException Error(string path, string problem) => new($"{File}: field {path}: {problem}");

    private T ParseEnum<T>(string path, string text)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw Error(path, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");

    private JsonElement? Get(string path, JsonValueKind kind, string expected, bool optional = false)
    {
        var current = root;
        var walked = string.Empty;
        foreach (var name in path.Split('.'))
        {
            walked = walked.Length == 0 ? name : walked + "." + name;
            if (current.ValueKind != JsonValueKind.Object)
            {
                throw Wrong(walked[..^(name.Length + 1)], "an object", current);
            }

            if (!current.TryGetProperty(name, out current))
            {
                throw Error(path, "is missing");
            }
        }

        if (current.ValueKind == JsonValueKind.Null && optional)
        {
            return null;
        }

        if (kind != JsonValueKind.Undefined && current.ValueKind != kind)
        {
            throw Wrong(path, expected, current);
        }

        return current;
    }

    private ReproBundleException Wrong(string path, string expected, JsonElement found)
    {
        var shown = found.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => found.GetRawText() is { Length: > 80 } raw ? raw[..80] + "…" : found.GetRawText(),
        };
        return Error(path, $"must be {expected}, found {shown}");
    }
}
