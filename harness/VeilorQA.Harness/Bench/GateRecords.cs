using System.Globalization;
using System.Text.Json;

namespace VeilorQA.Harness.Bench;

/// <summary>
/// P3 and P4 of the bench, read from what <c>veilorqa run</c> recorded (so a bench does not rerun a 30-minute gate
/// to learn its times): each suite's wall time from <c>verdicts.json</c>, each run's wall time from the first and
/// last event of its <c>runs/RUN/progress.jsonl</c>, and per suspend cycle the guest's own figures (the suite's
/// "suspend cycles (JSON)" attachment, taken from the guest's journal) against the wall time the harness spent on
/// the cycle's step.
/// </summary>
public static class GateRecords
{
    /// <summary>Adds P3 (and P4 where a suspend-wifi run is recorded) for every run folder under <paramref name="outputFolders"/>; returns the folders read.</summary>
    public static IReadOnlyList<string> Read(IEnumerable<string> outputFolders, BenchReport report)
    {
        var read = new List<string>();
        foreach (var folder in outputFolders.Where(Directory.Exists))
        {
            var verdicts = Path.Combine(folder, "verdicts.json");
            if (!File.Exists(verdicts))
            {
                continue;
            }

            read.Add(folder);
            using var document = JsonDocument.Parse(File.ReadAllText(verdicts));
            foreach (var verdict in document.RootElement.EnumerateArray())
            {
                var wall = TimeSpan.Parse(verdict.GetProperty("WallTime").GetString()!, CultureInfo.InvariantCulture);
                var outcome = verdict.GetProperty("Outcome").GetString();
                report.Figures.Add(new BenchFigure("P3", $"{verdict.GetProperty("Run").GetString()} / {verdict.GetProperty("Suite").GetString()} ({outcome})", "s", [wall.TotalSeconds]));
            }

            foreach (var run in Directory.EnumerateDirectories(Path.Combine(folder, "runs")).Order(StringComparer.Ordinal))
            {
                var progress = Path.Combine(run, "progress.jsonl");
                if (File.Exists(progress) && RunWallTime(File.ReadLines(progress)) is { } total)
                {
                    report.Figures.Add(new BenchFigure("P3", $"run {Path.GetFileName(run)}: first -> last event", "s", [total.TotalSeconds]));
                    AddSuspendCycles(run, File.ReadLines(progress).ToList(), report);
                }
            }
        }

        return read;
    }

    /// <summary>Last event time − first event time of a progress.jsonl; null when it has fewer than two events.</summary>
    public static TimeSpan? RunWallTime(IEnumerable<string> progressLines)
    {
        var times = progressLines.Where(l => l.Length > 0).Select(EventTime).ToList();
        return times.Count < 2 ? null : times[^1] - times[0];
    }

    /// <summary>Wall time of each suspend-wifi cycle step: from its step event to the next event of the same test.</summary>
    public static IReadOnlyDictionary<int, TimeSpan> CycleWallTimes(IReadOnlyList<string> progressLines)
    {
        var events = progressLines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var cycles = new Dictionary<int, TimeSpan>();
        for (var i = 0; i < events.Count - 1; i++)
        {
            var e = events[i];
            if (e.GetProperty("kind").GetString() == "step" && e.GetProperty("step").GetString() is { } step
                && step.StartsWith("cycle ", StringComparison.Ordinal) && int.TryParse(step.AsSpan(6, step.IndexOf(':', StringComparison.Ordinal) - 6), CultureInfo.InvariantCulture, out var cycle))
            {
                cycles[cycle] = EventTime(events[i + 1]) - EventTime(e);
            }
        }

        return cycles;
    }

    private static void AddSuspendCycles(string runFolder, IReadOnlyList<string> progressLines, BenchReport report)
    {
        var results = Path.Combine(runFolder, "allure-results");
        if (!Directory.Exists(results))
        {
            return;
        }

        var table = Directory.EnumerateFiles(results, "*-attachment.json")
            .Select(File.ReadAllText)
            .FirstOrDefault(t => t.Contains("\"wifi_reconnect_budget_s\"", StringComparison.Ordinal));
        if (table is null)
        {
            return;
        }

        var walls = CycleWallTimes(progressLines);
        var guest = new List<double>();
        var reconnect = new List<double>();
        var harness = new List<double>();
        using var document = JsonDocument.Parse(table);
        foreach (var cycle in document.RootElement.GetProperty("cycles").EnumerateArray())
        {
            var number = cycle.GetProperty("cycle").GetInt32();
            if (Seconds(cycle, "suspend_entry_s") is not { } entry || Seconds(cycle, "asleep_s") is not { } asleep
                || Seconds(cycle, "reconnect_s") is not { } back || !walls.TryGetValue(number, out var wall))
            {
                continue;
            }

            guest.Add(entry + asleep + back);
            reconnect.Add(back);
            harness.Add(wall.TotalSeconds);
        }

        if (harness.Count == 0)
        {
            return;
        }

        var name = Path.GetFileName(runFolder);
        var guestFigure = new BenchFigure("P4", $"{name}: guest journal: request -> asleep -> resumed -> wifi up", "s", guest);
        var harnessFigure = new BenchFigure("P4", $"{name}: harness wall time of the cycle", "s", harness);
        report.Figures.AddRange([new BenchFigure("P4", $"{name}: guest journal: returned from sleep -> wifi up", "s", reconnect), guestFigure, harnessFigure]);
        report.Ratios.Add(BenchRatio.Of("P4", $"{name}: harness cycle / guest's own cycle", harnessFigure, guestFigure));
    }

    private static double? Seconds(JsonElement cycle, string name) =>
        cycle.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static DateTimeOffset EventTime(string line) => EventTime(JsonDocument.Parse(line).RootElement);

    private static DateTimeOffset EventTime(JsonElement e) => DateTimeOffset.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
}
