using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// Which cases were flaky in earlier gate runs (newest last), kept with the report's history between runs
/// (<c>flaky-history.json</c>): a case that is flaky again within the window is no fluke and blocks.
/// </summary>
public sealed record FlakeHistory(IReadOnlyList<FlakeHistory.GateRun> Runs)
{
    /// <summary>The file name inside the history folder.</summary>
    public const string FileName = "flaky-history.json";

    /// <summary>How many gate runs are kept (more than any sensible window).</summary>
    public const int Kept = 50;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static FlakeHistory Empty { get; } = new([]);

    /// <summary>The gate runs among the last <paramref name="window"/> in which <paramref name="caseName"/> (<c>run/suite</c>) was flaky.</summary>
    public IReadOnlyList<GateRun> FlakyWithin(string caseName, int window) =>
        Runs.TakeLast(window).Where(r => r.Flaky.Contains(caseName, StringComparer.Ordinal)).ToList();

    /// <summary>This history with one more gate run, the oldest dropped beyond <see cref="Kept"/>.</summary>
    public FlakeHistory With(GateRun run) => new([.. Runs.TakeLast(Kept - 1), run]);

    /// <summary>Reads the history in <paramref name="directory"/>; none yet is empty.</summary>
    /// <exception cref="InvalidDataException">The file is there but not a history; names it.</exception>
    public static FlakeHistory Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            var file = JsonSerializer.Deserialize<HistoryFile>(File.ReadAllText(path), Json);
            return file is { Version: 1 } ? new FlakeHistory(file.Runs ?? []) : throw new InvalidDataException($"{path}: not a version 1 flaky history");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a flaky history: {e.Message}", e);
        }
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".new", JsonSerializer.Serialize(new HistoryFile(1, [.. Runs]), Json));
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>One earlier gate run: a label (commit, run number), when, and its flaky cases.</summary>
    public sealed record GateRun(string Label, DateTimeOffset At, IReadOnlyList<string> Flaky);

    private sealed record HistoryFile(int Version, List<GateRun>? Runs);
}
