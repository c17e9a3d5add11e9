using System.Text.Json;

namespace VeilorQA.Harness.Matrix.Runs;

/// <summary>
/// A <see cref="ResolvedRun"/> as the JSON file <c>veilorqa run</c> hands the release suites through one environment
/// variable, <see cref="EnvironmentVariable"/>. Versioned: a file of another version is refused with one clear error
/// instead of being half-read by a build that does not know its shape.
/// </summary>
public static class ResolvedRunFile
{
    /// <summary>Names the run file the test process reads; set by <c>veilorqa run</c> for each run.</summary>
    public const string EnvironmentVariable = "VEILORQA_RUN_FILE";

    /// <summary>The file name <c>veilorqa run</c> gives it inside the run's folder.</summary>
    public const string FileName = "run.json";

    /// <summary>The run as indented JSON.</summary>
    public static string Serialize(ResolvedRun run) => JsonSerializer.Serialize(run, MatrixJson.Options);

    /// <summary>Reads a run back; <paramref name="source"/> names the text in errors.</summary>
    /// <exception cref="InvalidDataException">Not JSON, no or another <c>version</c>, or not the shape of a run; the message names <paramref name="source"/>.</exception>
    public static ResolvedRun Deserialize(string json, string source)
    {
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
                {
                    throw new InvalidDataException($"run file {source}: no \"version\" number; it was not written by veilorqa run.");
                }

                if (!version.TryGetInt32(out var number) || number != ResolvedRun.CurrentVersion)
                {
                    throw new InvalidDataException(
                        $"run file {source}: version {version.GetRawText()}, but this build reads version {ResolvedRun.CurrentVersion}: "
                        + "run the release suites with the veilorqa that built them.");
                }
            }

            return JsonSerializer.Deserialize<ResolvedRun>(json, MatrixJson.Options)
                ?? throw new InvalidDataException($"run file {source}: null instead of a run.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"run file {source}: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="run"/> to <paramref name="path"/> (its folder must exist).</summary>
    public static void Write(ResolvedRun run, string path) => File.WriteAllText(path, Serialize(run));

    /// <summary>Reads the run file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing, unreadable or not a run of this version; the message names it.</exception>
    public static ResolvedRun Read(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"run file {path} ({EnvironmentVariable}): {e.Message}", e);
        }

        return Deserialize(json, path);
    }
}
