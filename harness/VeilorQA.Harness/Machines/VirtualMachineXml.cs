using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VeilorQA.Harness.Machines;

/// <summary>Reads what a <see cref="VirtualMachine"/> needs from its domain XML, and rewrites it for a restored copy.</summary>
/// <remarks>
/// A copy restored from a saved state must keep the saved devices (libvirt checks ABI stability) and
/// change only host-side things: name, UUID, file paths and the SSH port forward.
/// </remarks>
public static partial class VirtualMachineXml
{
    private static readonly XNamespace Qemu = "http://libvirt.org/schemas/domain/qemu/1.0";

    public static string Name(string xml) => Parse(xml).Root!.Element("name")?.Value ?? throw new FormatException("Domain XML has no <name>.");

    /// <summary>The domain's UUID, or null when the XML has none.</summary>
    public static Guid? Uuid(string xml) => Guid.TryParse(Parse(xml).Root!.Element("uuid")?.Value, out var uuid) ? uuid : null;

    /// <summary>The host port forwarded to the guest's port 22 (<c>hostfwd=tcp:127.0.0.1:PORT-:22</c>), or null.</summary>
    public static int? SshPort(string xml)
    {
        foreach (var value in QemuArguments(Parse(xml)))
        {
            var match = SshForward().Match(value);
            if (match.Success)
            {
                return int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The unix socket of the first serial port, or null.</summary>
    public static string? SerialSocket(string xml) =>
        Serial(Parse(xml))?.Element("source")?.Attribute("path")?.Value;

    /// <summary>The log file of the first serial port, or null.</summary>
    public static string? SerialLog(string xml) =>
        Serial(Parse(xml))?.Element("log")?.Attribute("file")?.Value;

    /// <summary>The UEFI variable store, or null for BIOS guests.</summary>
    public static string? Nvram(string xml) => Parse(xml).Root!.Element("os")?.Element("nvram")?.Value is { Length: > 0 } p ? p.Trim() : null;

    /// <summary>Writable file-backed disks: (path, format).</summary>
    public static IReadOnlyList<(string Path, string Format)> WritableDisks(string xml) =>
        [.. Parse(xml).Root!.Element("devices")!.Elements("disk")
            .Where(d => (string?)d.Attribute("type") == "file" && d.Element("readonly") is null && (string?)d.Attribute("device") is null or "disk")
            .Select(d => ((string?)d.Element("source")?.Attribute("file"), (string?)d.Element("driver")?.Attribute("type") ?? "raw"))
            .Where(d => d.Item1 is not null)
            .Select(d => (d.Item1!, d.Item2))];

    /// <summary>Sockets and logs the host side creates afresh for each run (serial/channel sockets, their logs): never copied.</summary>
    public static IReadOnlyList<string> HostEndpoints(string xml) =>
        [.. Parse(xml).Root!.Element("devices")!.Elements()
            .SelectMany(d => d.Elements("source").Where(s => (string?)s.Attribute("mode") == "bind").Select(s => (string?)s.Attribute("path"))
                .Concat(d.Elements("log").Select(l => (string?)l.Attribute("file"))))
            .OfType<string>()];

    /// <summary>Target device names (<c>sda</c>, <c>vda</c>, ...) already used by disks.</summary>
    public static IReadOnlySet<string> DiskTargets(string xml) =>
        Parse(xml).Root!.Element("devices")!.Elements("disk").Select(d => (string?)d.Element("target")?.Attribute("dev")).OfType<string>().ToHashSet();

    /// <summary>The XML of a copy: new name and UUID, every path under <paramref name="fromDirectory"/> moved under <paramref name="toDirectory"/>, the SSH forward on <paramref name="sshPort"/>.</summary>
    public static string ForCopy(string savedXml, string name, Guid uuid, string fromDirectory, string toDirectory, int? sshPort)
    {
        var document = Parse(savedXml);
        var root = document.Root!;
        root.Element("name")!.Value = name;
        if (root.Element("uuid") is { } existing)
        {
            existing.Value = uuid.ToString("D");
        }
        else
        {
            root.Element("name")!.AddAfterSelf(new XElement("uuid", uuid.ToString("D")));
        }
        var from = fromDirectory.TrimEnd('/') + "/";
        var to = toDirectory.TrimEnd('/') + "/";
        foreach (var attribute in root.DescendantsAndSelf().Attributes())
        {
            attribute.Value = Rebase(attribute.Value, from, to);
        }

        foreach (var text in root.DescendantNodes().OfType<XText>())
        {
            text.Value = Rebase(text.Value, from, to);
        }

        if (sshPort is { } port)
        {
            foreach (var arg in root.Descendants(Qemu + "arg"))
            {
                if (arg.Attribute("value") is { } value)
                {
                    value.Value = SshForward().Replace(value.Value, m => m.Value.Replace(m.Groups["port"].Value, port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }
        }

        return document.ToString();
    }

    /// <summary>Replaces the directory prefix in a value that is a path under it or holds such paths (qemu arguments).</summary>
    private static string Rebase(string value, string from, string to) =>
        value.Contains(from, StringComparison.Ordinal) ? value.Replace(from, to, StringComparison.Ordinal) : value;

    private static XElement? Serial(XDocument document) =>
        document.Root!.Element("devices")?.Elements("serial").FirstOrDefault(s => (string?)s.Attribute("type") == "unix");

    private static IEnumerable<string> QemuArguments(XDocument document) =>
        document.Root!.Descendants(Qemu + "arg").Select(a => (string?)a.Attribute("value")).OfType<string>();

    private static XDocument Parse(string xml) => XDocument.Parse(xml);

    [GeneratedRegex(@"hostfwd=tcp:127\.0\.0\.1:(?<port>\d+)-:22\b")]
    private static partial Regex SshForward();
}
