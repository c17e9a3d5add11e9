using System.Text.Json;

namespace VeilorQA.Harness.Machines.Firmware;

/// <summary>
/// One QEMU firmware descriptor (<c>/usr/share/qemu/firmware/*.json</c>, QEMU's <c>docs/interop/firmware.json</c>):
/// what a firmware build is (interfaces, features such as <c>secure-boot</c> and <c>enrolled-keys</c>, the machines it
/// runs on) and where its files are. Distributions describe their OVMF builds this way, so the harness finds the
/// Secure Boot build and its vars template on Debian and Fedora alike instead of hard-coding one distribution's paths.
/// </summary>
/// <param name="Source">The descriptor file, named in errors.</param>
/// <param name="Description">The descriptor's own description.</param>
/// <param name="InterfaceTypes">e.g. <c>uefi</c>, <c>bios</c>.</param>
/// <param name="Device"><c>flash</c> (pflash, with a vars store), <c>memory</c> or <c>kernel</c>.</param>
/// <param name="Mode">For flash: <c>split</c> (code + vars template, the default), <c>combined</c> or <c>stateless</c>.</param>
/// <param name="Executable">The firmware code; null when the device has no such file.</param>
/// <param name="NvramTemplate">The vars template each VM copies; null for stateless or combined builds.</param>
/// <param name="Targets">Architectures and machine globs.</param>
/// <param name="Features">e.g. <c>secure-boot</c>, <c>enrolled-keys</c>, <c>requires-smm</c>, <c>acpi-s3</c>.</param>
public sealed record FirmwareDescriptor(
    string Source,
    string Description,
    IReadOnlyList<string> InterfaceTypes,
    string Device,
    string Mode,
    FirmwareImage? Executable,
    FirmwareImage? NvramTemplate,
    IReadOnlyList<FirmwareTarget> Targets,
    IReadOnlyList<string> Features)
{
    public bool Has(string feature) => Features.Contains(feature, StringComparer.Ordinal);

    /// <summary>Whether the build runs on <paramref name="architecture"/> with a machine type such as <c>pc-q35-7.2</c>.</summary>
    public bool Runs(string architecture, string machine) => Targets.Any(t => t.Architecture == architecture && t.Runs(machine));

    /// <summary>Parses one descriptor; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not JSON, or a required member is missing or of the wrong type; the message names the file and the member.</exception>
    public static FirmwareDescriptor Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(source, "(root)", "an object");
            }

            var mapping = Member(root, "mapping", JsonValueKind.Object, source);
            var device = Text(mapping, "device", source, "mapping.device");
            var mode = mapping.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "split";
            var (executable, template) = device switch
            {
                "flash" => (Image(mapping, "executable", source, required: true), Image(mapping, "nvram-template", source, required: false)),
                _ => (mapping.TryGetProperty("filename", out var f) && f.ValueKind == JsonValueKind.String ? new FirmwareImage(f.GetString()!, FirmwareImage.Raw) : null, null),
            };

            var targets = Member(root, "targets", JsonValueKind.Array, source).EnumerateArray()
                .Select((t, i) => new FirmwareTarget(
                    Text(t, "architecture", source, $"targets[{i}].architecture"),
                    Strings(t, "machines", source, $"targets[{i}].machines")))
                .ToList();
            return new FirmwareDescriptor(
                source,
                root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty,
                Strings(root, "interface-types", source, "interface-types"),
                device,
                mode,
                executable,
                template,
                targets,
                root.TryGetProperty("features", out _) ? Strings(root, "features", source, "features") : []);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"firmware descriptor {source}: not JSON: {e.Message}", e);
        }
    }

    private static FirmwareImage? Image(JsonElement mapping, string name, string source, bool required)
    {
        if (!mapping.TryGetProperty(name, out var image))
        {
            return required ? throw Bad(source, $"mapping.{name}", "an object with filename and format") : null;
        }

        if (image.ValueKind != JsonValueKind.Object)
        {
            throw Bad(source, $"mapping.{name}", "an object with filename and format");
        }

        var format = image.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : FirmwareImage.Raw;
        return new FirmwareImage(Text(image, "filename", source, $"mapping.{name}.filename"), format);
    }

    private static JsonElement Member(JsonElement owner, string name, JsonValueKind kind, string source) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw Bad(source, name, kind == JsonValueKind.Array ? "an array" : "an object");

    private static string Text(JsonElement owner, string name, string source, string path) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Bad(source, path, "a string");

    private static List<string> Strings(JsonElement owner, string name, string source, string path)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Bad(source, path, "an array of strings");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static InvalidDataException Bad(string source, string path, string expected) =>
        new($"firmware descriptor {source}: {path}: expected {expected}.");
}
