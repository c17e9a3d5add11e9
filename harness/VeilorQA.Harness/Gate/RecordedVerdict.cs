using System.Text.Json;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// One case's verdict as <c>veilorqa run</c> recorded it in <c>verdicts.json</c>, read tolerantly: only the members
/// the release decision needs (run, suite, target, outcome, reason), whatever else the judge adds. The gate sits on
/// top of the judge's verdicts and never re-judges test results.
/// </summary>
/// <param name="Run">Matrix run.</param>
/// <param name="Suite">Suite name.</param>
/// <param name="Target">Target name.</param>
/// <param name="Outcome">The judge's outcome word (<c>Met</c>, <c>NotMet</c>, <c>Skipped</c>, ...).</param>
/// <param name="Reason">The judge's reason line.</param>
public sealed record RecordedVerdict(string Run, string Suite, string Target, string Outcome, string Reason)
{
    /// <summary>The suite's wall time in this case, when the judge recorded one.</summary>
    public TimeSpan? WallTime { get; init; }

    /// <summary>Outcomes that are not failures: met, or not run by the judge's own rules (skipped, waived).</summary>
    private static readonly string[] NonFailures = ["Met", "Skipped", "Waived"];

    /// <summary>The case met its expectation.</summary>
    public bool IsMet => Outcome == "Met";

    /// <summary>
    /// The case failed its expectation: <c>NotMet</c>, or any outcome this gate does not know (a new word from the judge
    /// blocks until the gate is taught it, rather than passing unseen).
    /// </summary>
    public bool IsFailure => !NonFailures.Contains(Outcome, StringComparer.Ordinal);

    /// <summary><c>run/suite</c>: how the gate names a case.</summary>
    public string Case => $"{Run}/{Suite}";

    /// <summary>Reads a verdicts.json: a JSON array of verdicts, or an object holding one under <c>verdicts</c> or <c>cases</c>.</summary>
    /// <exception cref="InvalidDataException">Missing, not JSON, or a verdict without run, suite or outcome; names the file.</exception>
    public static IReadOnlyList<RecordedVerdict> ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static IReadOnlyList<RecordedVerdict> Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when Member(root, "verdicts") is { ValueKind: JsonValueKind.Array } v => v,
                JsonValueKind.Object when Member(root, "cases") is { ValueKind: JsonValueKind.Array } c => c,
                _ => throw new InvalidDataException($"{source}: expected a JSON array of verdicts"),
            };
            return items.EnumerateArray().Select((item, i) => new RecordedVerdict(
                Text(item, "Run", source, i),
                Text(item, "Suite", source, i),
                Member(item, "Target")?.GetString() ?? string.Empty,
                Text(item, "Outcome", source, i),
                Member(item, "Reason")?.GetString() ?? string.Empty)
            {
                WallTime = Member(item, "WallTime") is { ValueKind: JsonValueKind.String } w && TimeSpan.TryParse(w.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null,
            }).ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not JSON: {e.Message}", e);
        }
    }

    private static JsonElement? Member(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string Text(JsonElement item, string name, string source, int index) =>
        Member(item, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{source}: verdict [{index}] has no {name}");
}
