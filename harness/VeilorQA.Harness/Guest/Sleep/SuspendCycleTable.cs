using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>Per-cycle suspend timings as a CSV table and a JSON document (seconds, 3 decimals; empty/null where not reached).</summary>
public static class SuspendCycleTable
{
    public const string CsvHeader = "cycle,suspend_entry_s,asleep_s,resume_s,reconnect_s,outcome";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToCsv(IEnumerable<SuspendCycleTimings> cycles)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var csv = new StringBuilder().Append(CsvHeader).Append('\n');
        foreach (var c in cycles)
        {
            csv.Append(c.Cycle.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Seconds(c.SuspendEntry)).Append(',')
                .Append(Seconds(c.Asleep)).Append(',')
                .Append(Seconds(c.Resume)).Append(',')
                .Append(Seconds(c.Reconnect)).Append(',')
                .Append(CsvField(c.Outcome)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>{"budget_s": ..., "cycles": [{"cycle": 1, "suspend_entry_s": 1.234, ...}]}.</summary>
    public static string ToJson(IEnumerable<SuspendCycleTimings> cycles, TimeSpan reconnectBudget)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var document = new Dictionary<string, object?>
        {
            ["wifi_reconnect_budget_s"] = Round(reconnectBudget),
            ["cycles"] = cycles.Select(c => new Dictionary<string, object?>
            {
                ["cycle"] = c.Cycle,
                ["suspend_entry_s"] = Round(c.SuspendEntry),
                ["asleep_s"] = Round(c.Asleep),
                ["resume_s"] = Round(c.Resume),
                ["reconnect_s"] = Round(c.Reconnect),
                ["outcome"] = c.Outcome,
            }).ToList(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>The report's parameters, four per cycle: suspend entry, asleep, resume and wifi reconnect.</summary>
    public static IEnumerable<(string Name, string Value)> Parameters(IEnumerable<SuspendCycleTimings> cycles) =>
        cycles.SelectMany(c => new[]
        {
            ($"cycle {c.Cycle} suspend entry", Describe(c.SuspendEntry)),
            ($"cycle {c.Cycle} asleep", Describe(c.Asleep)),
            ($"cycle {c.Cycle} resume", Describe(c.Resume)),
            ($"cycle {c.Cycle} wifi reconnect", Describe(c.Reconnect)),
        });

    /// <summary>"12.3 s", or "not reached".</summary>
    public static string Describe(TimeSpan? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.0} s") : "not reached";

    private static string Seconds(TimeSpan? value) =>
        value is { } v ? v.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty;

    private static double? Round(TimeSpan? value) => value is { } v ? Math.Round(v.TotalSeconds, 3) : null;

    private static string CsvField(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
