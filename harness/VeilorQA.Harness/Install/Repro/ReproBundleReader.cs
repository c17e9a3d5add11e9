using System.Text.Json;
using VeilorQA.Harness.Install.Iso;
using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>Turns bundle.json back into <see cref="ReproBundleContents"/>, naming the file and the field on any fault.</summary>
internal static class ReproBundleReader
{
    public static ReproBundleContents Parse(string directory, string file, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ReproBundleException($"{file}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ReproBundleException($"{file}: must hold one JSON object, found {document.RootElement.ValueKind}");
            }

            var f = new BundleJsonFields(file, document.RootElement);
            var schema = f.Int("schemaVersion", 1);
            if (schema > ReproBundle.SchemaVersion)
            {
                throw f.Error("schemaVersion", $"{schema} is newer than this harness reads ({ReproBundle.SchemaVersion}): replay it from a newer checkout");
            }

            var failureKind = f.OptionalEnum<InstallFailureKind>("outcome.failureKind");
            var succeeded = f.Bool("outcome.succeeded");
            if (succeeded != (failureKind is null))
            {
                throw f.Error("outcome.failureKind", succeeded ? "is set although outcome.succeeded is true" : "is null although outcome.succeeded is false");
            }

            return new ReproBundleContents(
                directory,
                f.Time("createdUtc"),
                f.OptionalString("repository"),
                Inputs(f),
                failureKind,
                f.OptionalString("outcome.explanation"),
                f.Strings("outcome.evidence"),
                TimeSpan.FromSeconds(f.Number("elapsedSeconds")),
                Files(f, directory));
        }
    }

    private static InstallInputs Inputs(BundleJsonFields f)
    {
        string sha;
        try
        {
            sha = IsoSource.ParseSha256(f.String("inputs.isoSha256"), $"{f.File}: field inputs.isoSha256");
        }
        catch (ArgumentException e)
        {
            throw new ReproBundleException(e.Message, e);
        }

        Uri? url = null;
        if (f.OptionalString("inputs.isoUrl") is { } text && !Uri.TryCreate(text, UriKind.Absolute, out url))
        {
            throw f.Error("inputs.isoUrl", $"'{text}' is not an absolute URL");
        }

        return new InstallInputs(
            f.String("inputs.isoPath"),
            sha,
            url,
            f.String("inputs.kickstartSource"),
            f.String("inputs.imageReference"),
            f.OptionalString("inputs.imageDigest"),
            f.String("inputs.passphraseSource"),
            f.Enum<KickstartDelivery>("inputs.delivery"),
            f.Strings("inputs.installerArguments"),
            f.Int("inputs.diskSizeGib", 1),
            f.Int("inputs.memoryMib", 1),
            f.Int("inputs.vCpus", 1),
            f.Bool("inputs.secureBoot"),
            f.OptionalString("inputs.fault"));
    }

    private static ReproBundleFiles Files(BundleJsonFields f, string directory)
    {
        string? In(string path) => Named(path, f.Object(path), f, directory);

        var screenshots = new List<string>();
        var shots = f.Array("files.screenshots");
        for (var i = 0; i < shots.Count; i++)
        {
            if (Named($"files.screenshots[{i}]", shots[i], f, directory) is { } shot)
            {
                screenshots.Add(shot);
            }
        }

        return new ReproBundleFiles(
            Path.Combine(directory, ReproBundle.BundleJsonName),
            Path.Combine(directory, ReproBundle.ExplanationName),
            Path.Combine(directory, ReproBundle.ReadmeName),
            Path.Combine(directory, ReproBundle.ReplayScriptName),
            In("files.kickstart"),
            In("files.domainXml"),
            In("files.nvram"),
            In("files.tpm"),
            In("files.anacondaLog"),
            In("files.serialConsole"),
            screenshots,
            In("files.disk"),
            f.String("files.disk.status"));
    }

    private static string? Named(string path, JsonElement entry, BundleJsonFields f, string directory)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name)
            || name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw f.Error(path, "must be an object with a name (a string or null)");
        }

        if (name.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // A bundle is handed around: a name in it must not lead outside its folder.
        var full = Path.GetFullPath(Path.Combine(directory, name.GetString()!));
        return full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw f.Error(path + ".name", $"'{name.GetString()}' leads outside the bundle folder");
    }
}
