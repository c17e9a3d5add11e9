using System.Globalization;
using System.Xml.Linq;
using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Machines.Domain;

/// <summary>Renders a <see cref="DomainSpec"/> as libvirt domain XML (q35, OVMF, swtpm, overlays, 9p, serial, user-mode net).</summary>
public static class DomainXmlWriter
{
    /// <summary>libvirt's namespace for raw QEMU arguments.</summary>
    public static readonly XNamespace Qemu = "http://libvirt.org/schemas/domain/qemu/1.0";

    /// <summary>The harness's metadata namespace; the element carries the run id and role for the reaper.</summary>
    public static readonly XNamespace Metadata = "https://veilor.org/veilorqa/domain/1";

    /// <summary>Id of the user-mode netdev (QMP and hostfwd commands address it by this id).</summary>
    public const string NetdevId = "vqnet0";

    // An empty slot on pcie.0: libvirt puts its own devices behind root ports at 0x1-0x7 and the ICH9 at 0x1f.
    private const string NicPciAddress = "0x10";

    /// <summary>The domain XML as a string.</summary>
    public static string Write(DomainSpec spec) => ToXml(spec).ToString();

    /// <summary>The domain XML as a document.</summary>
    public static XDocument ToXml(DomainSpec spec)
    {
        var domain = new XElement("domain",
            new XAttribute("type", spec.Accelerator == Accelerator.Kvm ? "kvm" : "qemu"),
            new XAttribute(XNamespace.Xmlns + "qemu", Qemu.NamespaceName),
            new XElement("name", spec.Name),
            new XElement("uuid", spec.Uuid.ToString("D")),
            new XElement("title", spec.Name),
            new XElement("metadata",
                new XElement(Metadata + "run",
                    new XAttribute(XNamespace.Xmlns + "veilorqa", Metadata.NamespaceName),
                    new XAttribute("id", spec.Run.Value))),
            new XElement("memory", new XAttribute("unit", "MiB"), spec.MemoryMiB),
            new XElement("vcpu", new XAttribute("placement", "static"), spec.VCpus),
            Sysinfo(spec.Smbios),
            Os(spec),
            new XElement("features", new XElement("acpi"), new XElement("apic"), spec.Firmware.SecureBoot ? new XElement("smm", new XAttribute("state", "on")) : null),
            Cpu(spec),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", spec.RebootPowersOff ? "destroy" : "restart"),
            new XElement("on_crash", "destroy"),
            new XElement("pm",
                new XElement("suspend-to-mem", new XAttribute("enabled", spec.SuspendToMem ? "yes" : "no")),
                new XElement("suspend-to-disk", new XAttribute("enabled", "no"))),
            Devices(spec),
            QemuCommandLine(spec.Network));
        return new XDocument(domain);
    }

    private static XElement? Sysinfo(SmbiosSpec smbios) =>
        smbios.IsEmpty
            ? null
            : new XElement("sysinfo", new XAttribute("type", "smbios"),
                smbios.System.Count == 0 ? null : new XElement("system",
                    SystemEntries(smbios).Select(e => new XElement("entry", new XAttribute("name", e.Key), e.Value))),
                smbios.OemStrings.Count == 0 ? null : new XElement("oemStrings", smbios.OemStrings.Select(s => new XElement("entry", s))));

    // libvirt 9.0 drops the whole type 1 table when sku is its only field (inverted test in
    // qemuBuildSmbiosSystemStr), so a manufacturer is added when none is given.
    private static IEnumerable<KeyValuePair<string, string>> SystemEntries(SmbiosSpec smbios)
    {
        var entries = new SortedDictionary<string, string>(smbios.System.ToDictionary(), StringComparer.Ordinal);
        entries.TryAdd("manufacturer", "VeilorQA");
        return entries;
    }

    private static XElement Os(DomainSpec spec)
    {
        var firmware = spec.Firmware;
        var boot = spec.KernelBoot;
        return new XElement("os",
            new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "q35"), "hvm"),
            new XElement("loader",
                new XAttribute("readonly", "yes"),
                new XAttribute("secure", firmware.SecureBoot ? "yes" : "no"),
                new XAttribute("type", "pflash"),
                QcowFormat(firmware),
                firmware.CodePath),
            new XElement("nvram", new XAttribute("template", firmware.VarsTemplatePath), QcowFormat(firmware), firmware.NvramPath),
            boot is null ? null : new XElement("kernel", boot.KernelPath),
            boot?.InitrdPath is null ? null : new XElement("initrd", boot.InitrdPath),
            boot is null ? null : new XElement("cmdline", boot.CommandLine),
            spec.Smbios.IsEmpty ? null : new XElement("smbios", new XAttribute("mode", "sysinfo")));
    }

    // Raw is libvirt's default and libvirt 9.0 (Debian 12) predates the attribute: name the format only for qcow2 (Fedora).
    private static XAttribute? QcowFormat(FirmwareSpec firmware) =>
        firmware.Format == FirmwareImage.Qcow2 ? new XAttribute("format", FirmwareImage.Qcow2) : null;

    private static XElement Cpu(DomainSpec spec) =>
        (spec.CpuModel ?? (spec.Accelerator == Accelerator.Kvm ? "host-passthrough" : "qemu64")) switch
        {
            "host-passthrough" => new XElement("cpu", new XAttribute("mode", "host-passthrough"), new XAttribute("check", "none")),
            "max" => new XElement("cpu", new XAttribute("mode", "maximum"), new XAttribute("check", "none")),
            var model => new XElement("cpu", new XAttribute("mode", "custom"), new XAttribute("match", "exact"), new XAttribute("check", "none"),
                new XElement("model", new XAttribute("fallback", "forbid"), model)),
        };

    private static XElement Devices(DomainSpec spec)
    {
        var devices = new XElement("devices");
        var bootOrder = 0;
        var names = new DeviceNames();
        foreach (var disk in spec.Disks)
        {
            devices.Add(new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", disk.Format == DiskFormat.Qcow2 ? "qcow2" : "raw"), new XAttribute("discard", "unmap")),
                new XElement("source", new XAttribute("file", disk.Path)),
                new XElement("target", new XAttribute("dev", names.Next(disk.Bus)), new XAttribute("bus", disk.Bus.ToString().ToLowerInvariant())),
                disk.ReadOnly ? new XElement("readonly") : null,
                disk.Serial is null ? null : new XElement("serial", disk.Serial),
                spec.KernelBoot is null ? new XElement("boot", new XAttribute("order", ++bootOrder)) : null));
        }

        if (spec.InstallerIso is { } iso)
        {
            devices.Add(new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "cdrom"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw")),
                new XElement("source", new XAttribute("file", iso)),
                new XElement("target", new XAttribute("dev", names.Next(DiskBus.Sata)), new XAttribute("bus", "sata")),
                new XElement("readonly"),
                spec.KernelBoot is null ? new XElement("boot", new XAttribute("order", ++bootOrder)) : null));
        }

        devices.Add(new XElement("controller", new XAttribute("type", "usb"), new XAttribute("model", spec.UsbController ? "qemu-xhci" : "none"),
            spec.UsbController ? new XAttribute("ports", 15) : null));
        if (spec.Channels.Count > 0)
        {
            devices.Add(new XElement("controller", new XAttribute("type", "virtio-serial"), new XAttribute("index", 0)));
        }

        foreach (var share in spec.Shares)
        {
            devices.Add(new XElement("filesystem", new XAttribute("type", "mount"), new XAttribute("accessmode", share.AccessMode.ToString().ToLowerInvariant()),
                new XElement("source", new XAttribute("dir", share.HostDirectory)),
                new XElement("target", new XAttribute("dir", share.Tag)),
                share.ReadOnly ? new XElement("readonly") : null));
        }

        if (spec.SerialConsole is { } serial)
        {
            devices.Add(new XElement("serial", new XAttribute("type", "unix"),
                new XElement("source", new XAttribute("mode", "bind"), new XAttribute("path", serial.SocketPath)),
                new XElement("log", new XAttribute("file", serial.LogPath), new XAttribute("append", "off")),
                new XElement("target", new XAttribute("type", "isa-serial"), new XAttribute("port", 0), new XElement("model", new XAttribute("name", "isa-serial")))));
        }

        foreach (var channel in spec.Channels)
        {
            devices.Add(channel.Backend == ChannelBackend.File
                ? new XElement("channel", new XAttribute("type", "file"),
                    new XElement("source", new XAttribute("path", channel.HostPath)),
                    new XElement("target", new XAttribute("type", "virtio"), new XAttribute("name", channel.Name)))
                : new XElement("channel", new XAttribute("type", "unix"),
                    new XElement("source", new XAttribute("mode", "bind"), new XAttribute("path", channel.HostPath)),
                    new XElement("target", new XAttribute("type", "virtio"), new XAttribute("name", channel.Name))));
        }

        if (spec.Tpm is { } tpm)
        {
            devices.Add(new XElement("tpm", new XAttribute("model", "tpm-crb"),
                new XElement("backend", new XAttribute("type", "emulator"), new XAttribute("version", "2.0"),
                    tpm.PersistentState ? new XAttribute("persistent_state", "yes") : null)));
        }

        devices.Add(Video(spec.Video));
        // Entropy for early boot (SSH host keys, TLS) without waiting on jitter under TCG.
        devices.Add(new XElement("rng", new XAttribute("model", "virtio"), new XElement("backend", new XAttribute("model", "random"), "/dev/urandom")));
        devices.Add(new XElement("memballoon", new XAttribute("model", "none")));
        return devices;
    }

    private static XElement Video(VideoModel model) =>
        model switch
        {
            VideoModel.Virtio => new XElement("video", new XElement("model", new XAttribute("type", "virtio"), new XAttribute("heads", 1), new XAttribute("primary", "yes"))),
            VideoModel.Bochs => new XElement("video", new XElement("model", new XAttribute("type", "bochs"), new XAttribute("vram", 16384), new XAttribute("heads", 1), new XAttribute("primary", "yes"))),
            VideoModel.Qxl => new XElement("video", new XElement("model", new XAttribute("type", "qxl"), new XAttribute("ram", 65536), new XAttribute("vram", 65536), new XAttribute("vgamem", 16384), new XAttribute("heads", 1), new XAttribute("primary", "yes"))),
            _ => new XElement("video", new XElement("model", new XAttribute("type", "none"))),
        };

    private static XElement? QemuCommandLine(UserNetworkSpec? network)
    {
        if (network is null)
        {
            return null;
        }

        var forwards = string.Concat(network.Forwards.Select(f => string.Create(CultureInfo.InvariantCulture, $",hostfwd=tcp:127.0.0.1:{f.HostPort}-:{f.GuestPort}")));
        return new XElement(Qemu + "commandline",
            Arg("-netdev"), Arg($"user,id={NetdevId}{forwards}"),
            // romfile= drops iPXE: no PXE attempt in the firmware's boot order, and a faster start.
            Arg("-device"), Arg($"virtio-net-pci,netdev={NetdevId},mac={network.MacAddress},bus=pcie.0,addr={NicPciAddress},romfile="));

        static XElement Arg(string value) => new(Qemu + "arg", new XAttribute("value", value));
    }

    private sealed class DeviceNames
    {
        private int _virtio;
        private int _scsiLike;

        public string Next(DiskBus bus) => bus == DiskBus.Virtio ? "vd" + Letter(_virtio++) : "sd" + Letter(_scsiLike++);

        private static char Letter(int index) => (char)('a' + index);
    }
}
