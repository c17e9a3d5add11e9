using System.Globalization;
using System.Xml.Linq;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Bench;

/// <summary>
/// The bare <c>qemu-system-x86_64</c> command line for a domain the harness defined: the same firmware,
/// disks, devices, SMBIOS and accelerator, without libvirt. It exists so that the bench can measure what the
/// harness (libvirt, its sockets, its swtpm set-up) costs on top of QEMU itself.
/// </summary>
/// <remarks>
/// It reads the XML <see cref="DomainXmlWriter"/> writes (the subset the harness uses), not arbitrary libvirt XML.
/// Host-side paths that libvirt would own are replaced: a copy of the NVRAM template, the serial socket and
/// log, and an swtpm control socket in <see cref="BareMachinePaths"/>. An element it does not know is an
/// error naming it, so a new device in the writer cannot silently drop out of the comparison.
/// </remarks>
public static class QemuCommandLine
{
    /// <summary>The emulator the bench starts.</summary>
    public const string Emulator = "qemu-system-x86_64";

    private static readonly XNamespace Qemu = DomainXmlWriter.Qemu;

    /// <summary>The arguments (without the emulator) for <paramref name="domainXml"/> with the host files in <paramref name="paths"/>.</summary>
    /// <exception cref="NotSupportedException">The XML has a device or setting the translation does not know (named).</exception>
    public static IReadOnlyList<string> For(string domainXml, BareMachinePaths paths)
    {
        var domain = XDocument.Parse(domainXml).Root ?? throw new FormatException("domain XML has no root element");
        var args = new List<string>
        {
            "-name", Text(domain, "name"),
            "-uuid", Text(domain, "uuid"),
            "-nodefaults", "-no-user-config", "-display", "none",
        };
        var smm = domain.Element("features")?.Element("smm")?.Attribute("state")?.Value == "on";
        args.AddRange(["-machine", "q35" + (smm ? ",smm=on" : ",smm=off")]);
        args.AddRange(["-accel", domain.Attribute("type")?.Value == "kvm" ? "kvm" : "tcg"]);
        args.AddRange(["-cpu", CpuModel(domain.Element("cpu"))]);
        args.AddRange(["-m", Text(domain, "memory"), "-smp", Text(domain, "vcpu")]);
        args.AddRange(["-rtc", "base=utc", "-boot", "strict=on"]);
        Firmware(domain, paths, smm, args);
        Smbios(domain, args);
        PowerManagement(domain, args);
        Devices(domain.Element("devices") ?? throw new FormatException("domain XML has no <devices>"), paths, args);
        // The harness's own raw arguments (user-mode network with the SSH forward) go through unchanged.
        args.AddRange(domain.Element(Qemu + "commandline")?.Elements(Qemu + "arg").Select(a => a.Attribute("value")!.Value) ?? []);
        return args;
    }

    /// <summary>The command as one shell-quoted line, for the bench's report.</summary>
    public static string Describe(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { Emulator }.Concat(arguments).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Text(XElement parent, string name) =>
        parent.Element(name)?.Value ?? throw new FormatException($"domain XML has no <{name}>");

    private static string CpuModel(XElement? cpu) =>
        cpu?.Attribute("mode")?.Value switch
        {
            "host-passthrough" => "host",
            "maximum" => "max",
            "custom" => cpu.Element("model")?.Value ?? throw new FormatException("<cpu mode='custom'> has no <model>"),
            null => "qemu64",
            var mode => throw new NotSupportedException($"<cpu mode='{mode}'> has no bare QEMU translation"),
        };

    private static void Firmware(XElement domain, BareMachinePaths paths, bool smm, List<string> args)
    {
        var os = domain.Element("os") ?? throw new FormatException("domain XML has no <os>");
        if (os.Element("loader") is { } loader)
        {
            var format = loader.Attribute("format")?.Value ?? "raw";
            var nvramFormat = os.Element("nvram")?.Attribute("format")?.Value ?? format;
            if (loader.Attribute("secure")?.Value == "yes" && smm)
            {
                args.AddRange(["-global", "driver=cfi.pflash01,property=secure,value=on"]);
            }

            args.AddRange(["-drive", $"if=pflash,format={format},unit=0,readonly=on,file={loader.Value.Trim()}"]);
            args.AddRange(["-drive", $"if=pflash,format={nvramFormat},unit=1,file={paths.Nvram}"]);
        }

        if (os.Element("kernel") is { } kernel)
        {
            args.AddRange(["-kernel", kernel.Value]);
            if (os.Element("initrd") is { } initrd)
            {
                args.AddRange(["-initrd", initrd.Value]);
            }

            args.AddRange(["-append", os.Element("cmdline")?.Value ?? string.Empty]);
        }
    }

    /// <summary>The NVRAM template a bare run copies (null for a BIOS domain).</summary>
    public static string? NvramTemplate(string domainXml) =>
        XDocument.Parse(domainXml).Root?.Element("os")?.Element("nvram")?.Attribute("template")?.Value;

    /// <summary>True when the domain has an emulated TPM (the bench then starts swtpm itself).</summary>
    public static bool HasTpm(string domainXml) =>
        XDocument.Parse(domainXml).Root?.Element("devices")?.Element("tpm") is not null;

    private static void Smbios(XElement domain, List<string> args)
    {
        var system = domain.Element("sysinfo")?.Element("system");
        if (system is not null)
        {
            var fields = system.Elements("entry").Select(e => $"{e.Attribute("name")!.Value}={e.Value.Replace(",", ",,", StringComparison.Ordinal)}");
            args.AddRange(["-smbios", "type=1," + string.Join(',', fields)]);
        }

        foreach (var oem in domain.Element("sysinfo")?.Element("oemStrings")?.Elements("entry") ?? [])
        {
            args.AddRange(["-smbios", "type=11,value=" + oem.Value.Replace(",", ",,", StringComparison.Ordinal)]);
        }
    }

    private static void PowerManagement(XElement domain, List<string> args)
    {
        var pm = domain.Element("pm");
        var s3 = pm?.Element("suspend-to-mem")?.Attribute("enabled")?.Value == "yes";
        var s4 = pm?.Element("suspend-to-disk")?.Attribute("enabled")?.Value == "yes";
        args.AddRange(["-global", $"ICH9-LPC.disable_s3={(s3 ? 0 : 1)}", "-global", $"ICH9-LPC.disable_s4={(s4 ? 0 : 1)}"]);
    }

    private static void Devices(XElement devices, BareMachinePaths paths, List<string> args)
    {
        var drive = 0;
        var sata = 0;
        var chardev = 0;
        foreach (var device in devices.Elements())
        {
            switch (device.Name.LocalName)
            {
                case "disk":
                    Disk(device, drive++, ref sata, args);
                    break;
                case "controller" when device.Attribute("type")?.Value == "usb":
                    if (device.Attribute("model")?.Value == "qemu-xhci")
                    {
                        var ports = device.Attribute("ports")?.Value ?? "15";
                        args.AddRange(["-device", $"qemu-xhci,id=usb,p2={ports},p3={ports}"]);
                    }

                    break;
                case "controller" when device.Attribute("type")?.Value == "virtio-serial":
                    args.AddRange(["-device", "virtio-serial-pci,id=virtio-serial0"]);
                    break;
                case "filesystem":
                    var mode = device.Attribute("accessmode")?.Value ?? "passthrough";
                    var id = $"fsdev{chardev++}";
                    args.AddRange(["-fsdev", $"local,id={id},path={device.Element("source")!.Attribute("dir")!.Value},security_model={mode}"
                        + (device.Element("readonly") is null ? string.Empty : ",readonly=on")]);
                    args.AddRange(["-device", $"virtio-9p-pci,fsdev={id},mount_tag={device.Element("target")!.Attribute("dir")!.Value}"]);
                    break;
                case "serial":
                    args.AddRange(["-chardev", $"socket,id=serial0,path={paths.SerialSocket},server=on,wait=off,logfile={paths.SerialLog},logappend=off"]);
                    args.AddRange(["-serial", "chardev:serial0"]);
                    break;
                case "channel":
                    var name = device.Element("target")!.Attribute("name")!.Value;
                    var channelId = $"channel{chardev++}";
                    var path = Path.Combine(paths.Directory, name);
                    args.AddRange(["-chardev", device.Attribute("type")?.Value == "file" ? $"file,id={channelId},path={path}" : $"socket,id={channelId},path={path},server=on,wait=off"]);
                    args.AddRange(["-device", $"virtserialport,bus=virtio-serial0.0,chardev={channelId},name={name}"]);
                    break;
                case "tpm":
                    args.AddRange(["-chardev", $"socket,id=chrtpm,path={paths.TpmSocket}"]);
                    args.AddRange(["-tpmdev", "emulator,id=tpm0,chardev=chrtpm", "-device", $"{device.Attribute("model")?.Value ?? "tpm-crb"},tpmdev=tpm0"]);
                    break;
                case "video":
                    args.AddRange(Video(device.Element("model")!));
                    break;
                case "rng":
                    args.AddRange(["-object", "rng-random,id=rng0,filename=" + device.Element("backend")!.Value, "-device", "virtio-rng-pci,rng=rng0"]);
                    break;
                case "memballoon" when device.Attribute("model")?.Value == "none":
                    break;
                default:
                    throw new NotSupportedException($"<{device.Name.LocalName}> in the domain XML has no bare QEMU translation");
            }
        }
    }

    private static void Disk(XElement disk, int index, ref int sata, List<string> args)
    {
        var format = disk.Element("driver")?.Attribute("type")?.Value ?? "raw";
        var file = disk.Element("source")!.Attribute("file")!.Value;
        var bus = disk.Element("target")!.Attribute("bus")!.Value;
        var readOnly = disk.Element("readonly") is not null;
        var bootIndex = disk.Element("boot")?.Attribute("order")?.Value;
        var id = $"drive{index}";
        args.AddRange(["-drive", $"file={file},format={format},if=none,id={id}" + (readOnly ? ",readonly=on" : ",discard=unmap")]);
        var serial = disk.Element("serial")?.Value is { } s ? $",serial={s}" : string.Empty;
        var boot = bootIndex is null ? string.Empty : $",bootindex={bootIndex}";
        var device = (bus, disk.Attribute("device")?.Value) switch
        {
            ("virtio", _) => $"virtio-blk-pci,drive={id}",
            ("sata", "cdrom") => $"ide-cd,bus=ide.{sata++},drive={id}",
            ("sata", _) => $"ide-hd,bus=ide.{sata++},drive={id}",
            ("usb", _) => $"usb-storage,bus=usb.0,drive={id}",
            var (other, _) => throw new NotSupportedException($"disk bus '{other}' has no bare QEMU translation"),
        };
        args.AddRange(["-device", device + serial + boot]);
    }

    private static string[] Video(XElement model) =>
        model.Attribute("type")?.Value switch
        {
            "virtio" => ["-device", "virtio-vga"],
            "bochs" => ["-device", "bochs-display"],
            "qxl" => ["-device", "qxl-vga"],
            "none" => [],
            var other => throw new NotSupportedException($"video model '{other}' has no bare QEMU translation"),
        };

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
