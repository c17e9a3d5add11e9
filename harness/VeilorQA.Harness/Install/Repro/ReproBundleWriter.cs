using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>Assembles a bundle folder beside its final name, then renames it into place (see <see cref="ReproBundle.WriteAsync"/>).</summary>
internal static class ReproBundleWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);
    // Relaxed escaping: bundle.json is read by people ("$bundle", +00:00), never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(
        InstallOutcome outcome, string final, bool keepDisk, string? replayCommand, string? repository, DateTimeOffset created, CancellationToken ct)
    {
        if (Directory.Exists(final) && Directory.EnumerateFileSystemEntries(final).Any())
        {
            throw new IOException($"repro bundle folder {final} exists and is not empty: a bundle is written into a new folder, never over another");
        }

        var parent = Path.GetDirectoryName(final) ?? throw new IOException($"repro bundle folder {final} has no parent folder");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        try
        {
            var artifacts = outcome.Artifacts;
            var files = new JsonObject
            {
                ["kickstart"] = Entry(await CopyTextAsync(artifacts.KickstartMasked, staging, ReproBundle.KickstartName, text => KickstartSecrets.MaskText(text), ct)),
                ["domainXml"] = Entry(await CopyTextAsync(artifacts.DomainXml, staging, ReproBundle.DomainXmlName, null, ct)),
                ["nvram"] = Entry(CopyBinary(artifacts.Nvram, staging, ReproBundle.NvramName)),
                ["tpm"] = Entry(CopyTree(artifacts.TpmStateDirectory, staging, ReproBundle.TpmStateName, ct)),
                ["anacondaLog"] = Entry(await CopyTextAsync(artifacts.AnacondaLog, staging, ReproBundle.AnacondaLogName, null, ct)),
                ["serialConsole"] = Entry(await CopyTextAsync(artifacts.SerialTranscript, staging, ReproBundle.SerialConsoleName, null, ct)),
                ["screenshots"] = new JsonArray([.. CopyScreenshots(artifacts.Screenshots, staging).Select(Entry)]),
                ["disk"] = Entry(PlaceDisk(artifacts.Disk, staging, keepDisk, ct)),
            };

            var command = replayCommand ?? ReplayScript.DefaultCommand;
            var document = new JsonObject
            {
                ["schemaVersion"] = ReproBundle.SchemaVersion,
                ["createdUtc"] = created.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["repository"] = repository,
                ["replayCommand"] = R(command),
                ["inputs"] = Inputs(outcome.Inputs),
                ["imageDigest"] = outcome.Inputs.ImageDigest,
                ["outcome"] = Outcome(outcome),
                ["phases"] = Phases(outcome),
                ["elapsedSeconds"] = Math.Round(outcome.Elapsed.TotalSeconds, 3),
                ["files"] = files,
            };

            await File.WriteAllTextAsync(Path.Combine(staging, ReproBundle.BundleJsonName), document.ToJsonString(Indented) + "\n", Utf8, ct);
            await File.WriteAllTextAsync(Path.Combine(staging, ReproBundle.ExplanationName), Explanation(outcome), Utf8, ct);
            var script = Path.Combine(staging, ReproBundle.ReplayScriptName);
            await File.WriteAllTextAsync(script, R(ReplayScript.Render(final, repository, outcome.Inputs.PassphraseSource, replayCommand)), Utf8, ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                             | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            await File.WriteAllTextAsync(Path.Combine(staging, ReproBundle.ReadmeName), R(Readme(outcome, final, files)), Utf8, ct);

            ct.ThrowIfCancellationRequested();
            if (Directory.Exists(final))
            {
                Directory.Delete(final);
            }

            Directory.Move(staging, final);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static string R(string text) => Redactor.Global.Redact(text);

    private static JsonObject Entry(BundleEntry entry) => new() { ["name"] = entry.Name, ["status"] = entry.Status, ["from"] = entry.From };

    private static JsonObject Inputs(InstallInputs inputs) => new()
    {
        ["isoPath"] = R(inputs.IsoPath),
        ["isoSha256"] = inputs.IsoSha256,
        ["isoUrl"] = inputs.IsoUrl is null ? null : R(inputs.IsoUrl.OriginalString),
        ["kickstartSource"] = R(inputs.KickstartSource),
        ["imageReference"] = R(inputs.ImageReference),
        ["imageDigest"] = inputs.ImageDigest,
        ["passphraseSource"] = R(inputs.PassphraseSource),
        ["delivery"] = inputs.Delivery.ToString(),
        ["installerArguments"] = new JsonArray([.. inputs.InstallerArguments.Select(a => (JsonNode?)R(a))]),
        ["diskSizeGib"] = inputs.DiskSizeGib,
        ["memoryMib"] = inputs.MemoryMib,
        ["vCpus"] = inputs.VCpus,
        ["secureBoot"] = inputs.SecureBoot,
        ["fault"] = inputs.Fault is null ? null : R(inputs.Fault),
    };

    private static JsonObject Outcome(InstallOutcome outcome) => new()
    {
        ["succeeded"] = outcome.Succeeded,
        ["failureKind"] = outcome.Failure?.Kind.ToString(),
        ["explanation"] = outcome.Failure is null ? null : R(outcome.Failure.Explanation),
        ["evidence"] = new JsonArray([.. (outcome.Failure?.Evidence ?? []).Select(l => (JsonNode?)R(l))]),
    };

    private static JsonArray Phases(InstallOutcome outcome)
    {
        var phases = new JsonArray();
        for (var i = 0; i < outcome.Phases.Count; i++)
        {
            var phase = outcome.Phases[i];
            // The last phase lasted until the install ended, a moment the phase list does not hold.
            double? seconds = i + 1 < outcome.Phases.Count ? Math.Round((outcome.Phases[i + 1].At - phase.At).TotalSeconds, 3) : null;
            phases.Add(new JsonObject
            {
                ["phase"] = phase.Phase.ToString(),
                ["at"] = phase.At.ToString("O", CultureInfo.InvariantCulture),
                ["durationSeconds"] = seconds,
                ["line"] = R(phase.Line),
            });
        }

        return phases;
    }

    private static string Explanation(InstallOutcome outcome)
    {
        if (outcome.Failure is null)
        {
            return "install completed\n";
        }

        var text = new StringBuilder(R(outcome.Failure.ToString()).ReplaceLineEndings(" ")).Append('\n');
        if (outcome.Failure.Evidence.Count > 0)
        {
            text.Append('\n').Append("Evidence:\n");
            foreach (var line in outcome.Failure.Evidence)
            {
                text.Append("  ").Append(R(line)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static async Task<BundleEntry> CopyTextAsync(string? from, string staging, string name, Func<string, string>? mask, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(from))
        {
            return BundleEntry.Absent(from);
        }

        if (Unusable(from) is { } problem)
        {
            return problem;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(from, ct);
        }
        catch (UnauthorizedAccessException e)
        {
            return new BundleEntry(null, "unreadable: " + e.Message, from);
        }

        text = R(text);
        if (mask is not null)
        {
            text = mask(text);
        }

        await File.WriteAllTextAsync(Path.Combine(staging, name), text, Utf8, ct);
        return new BundleEntry(name, mask is null ? "copied" : "masked copy", from);
    }

    private static BundleEntry CopyBinary(string? from, string staging, string name)
    {
        if (string.IsNullOrEmpty(from))
        {
            return BundleEntry.Absent(from);
        }

        if (Unusable(from) is { } problem)
        {
            return problem;
        }

        try
        {
            File.Copy(from, Path.Combine(staging, name));
            return new BundleEntry(name, "copied", from);
        }
        catch (UnauthorizedAccessException e)
        {
            return new BundleEntry(null, "unreadable: " + e.Message, from);
        }
    }

    private static BundleEntry CopyTree(string? from, string staging, string name, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(from) || FileStatus.Of(from).Kind != FileKind.Directory)
        {
            return BundleEntry.Absent(from);
        }

        var target = Path.Combine(staging, name);
        try
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                ct.ThrowIfCancellationRequested();
                // swtpm keeps a lock file and may keep a socket beside its state: only regular files are state.
                if (FileStatus.Of(file).Kind != FileKind.Regular)
                {
                    continue;
                }

                var copy = Path.Combine(target, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            return new BundleEntry(null, "unreadable: " + e.Message, from);
        }

        Directory.CreateDirectory(target);
        return new BundleEntry(name, "copied", from);
    }

    private static List<BundleEntry> CopyScreenshots(IReadOnlyList<string> screenshots, string staging)
    {
        var entries = new List<BundleEntry>();
        var folder = Path.Combine(staging, ReproBundle.ScreenshotsName);
        Directory.CreateDirectory(folder);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < screenshots.Count; i++)
        {
            var name = Path.GetFileName(screenshots[i]);
            if (!taken.Add(name))
            {
                name = $"{i:D3}-{name}";
                taken.Add(name);
            }

            var entry = CopyBinary(screenshots[i], folder, name);
            entries.Add(entry.Name is null ? entry : entry with { Name = ReproBundle.ScreenshotsName + "/" + name });
        }

        return entries;
    }

    private static BundleEntry PlaceDisk(string? from, string staging, bool keep, CancellationToken ct)
    {
        if (!keep)
        {
            return new BundleEntry(null, "not kept", from);
        }

        if (string.IsNullOrEmpty(from))
        {
            return BundleEntry.Absent(from);
        }

        if (Unusable(from) is { } problem)
        {
            return problem;
        }

        var how = DiskLink.Place(from, Path.Combine(staging, ReproBundle.DiskName), ct);
        return new BundleEntry(ReproBundle.DiskName, how, from);
    }

    /// <summary>Why <paramref name="path"/> cannot be copied (absent, not a regular file, not inspectable), or null when it can.</summary>
    private static BundleEntry? Unusable(string path)
    {
        var status = FileStatus.Of(path);
        return status.Kind switch
        {
            FileKind.Regular => null,
            FileKind.Missing when status.Problem is null => BundleEntry.Absent(path),
            FileKind.Missing => new BundleEntry(null, "unreadable: " + status.Problem, path),
            _ => new BundleEntry(null, "not copied: " + status.Description, path),
        };
    }

    private static string Readme(InstallOutcome outcome, string final, JsonObject files)
    {
        string Line(string key, string description)
        {
            var entry = files[key]!.AsObject();
            var name = (string?)entry["name"];
            var shown = key == "tpm" ? name + "/" : name;
            return name is null ? $"  ({key}: {entry["status"]}) {description}\n" : $"  {shown,-22} {description}\n";
        }

        var text = new StringBuilder();
        text.Append("VeilorQA repro bundle\n");
        text.Append("=====================\n\n");
        text.Append(outcome.Failure is null ? "The recorded install completed.\n\n" : $"The recorded install failed: {outcome.Failure.ToString().ReplaceLineEndings(" ")}\n\n");
        text.Append("Files\n");
        text.Append($"  {ReproBundle.BundleJsonName,-22} everything that decides the install (ISO path, sha256 and URL; kickstart source; image and digest;\n");
        text.Append($"  {string.Empty,-22} where the LUKS passphrase came from; VM size), how it ended, the phases with times, and this file list\n");
        text.Append($"  {ReproBundle.ExplanationName,-22} the outcome in one line, then the log lines it was recognised from\n");
        text.Append($"  {ReproBundle.ReplayScriptName,-22} reruns the same install from this bundle\n");
        text.Append(Line("kickstart", "the kickstart the installer read, its secrets masked (the real one is never copied)"));
        text.Append(Line("domainXml", "the libvirt domain XML of the install VM"));
        text.Append(Line("nvram", "the OVMF variable store after the install"));
        text.Append(Line("tpm", "the swtpm state after the install"));
        text.Append(Line("anacondaLog", "everything Anaconda sent on virtio-serial org.fedoraproject.anaconda.log.0"));
        text.Append(Line("serialConsole", "the serial console transcript"));
        text.Append($"  {ReproBundle.ScreenshotsName + "/",-22} screenshots taken during and at the end of the install\n");
        text.Append(Line("disk", "the target disk as the install left it (kept with --keep only)"));
        text.Append("\nEvery text file passed through the harness's secret redactor: no passphrase, password or registry credential is in this bundle.\n\n");
        text.Append("Replay\n");
        text.Append($"  {Path.Combine(final, ReproBundle.ReplayScriptName)}\n");
        text.Append("  runs `./veilorqa repro --replay <this folder>` in the VeilorQA checkout recorded in bundle.json (or $VEILORQA_REPO),\n");
        text.Append($"  and first says where the LUKS passphrase must come from: {outcome.Inputs.PassphraseSource}.\n");
        return text.ToString();
    }
}
