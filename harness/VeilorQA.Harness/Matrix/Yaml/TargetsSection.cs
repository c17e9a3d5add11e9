using System.Text.RegularExpressions;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads <c>targets:</c>: VM profiles and laptops with their capabilities and adapters.</summary>
internal static partial class TargetsSection
{
    private static readonly string[] Kinds = [VmProfile.KindName, LaptopEntry.KindName];

    private static readonly string[] VmKeys =
    [
        "kind", "artifact", "install_image", "update_image", "firmware", "secure_boot", "tpm", "memory_mib", "vcpus", "video", "disks",
        "usb", "suspend", "network", "wifi", "libvirt_uri",
    ];

    private static readonly string[] LaptopKeys =
    [
        "kind", "artifact", "host", "port", "user", "key_file", "agent", "host_key_fingerprint", "host_key_fingerprint_file",
        "luks_passphrase_env", "luks_passphrase_file", "capabilities", "timeouts", "adapters",
    ];

    public static IReadOnlyList<TargetEntry> Read(MatrixReadContext context, NamedEntry section)
    {
        var targets = new List<TargetEntry>();
        foreach (var entry in context.NamedEntries(section.Value, section.Path, section.KeyPosition, "target", allowEmpty: false))
        {
            var kind = context.Discriminator(entry.Value, entry.Path, entry.KeyPosition, "kind", Kinds);
            TargetEntry target = kind == VmProfile.KindName ? ReadVm(context, entry) : ReadLaptop(context, entry);
            context.Targets.Add(entry.Name, target);
            targets.Add(target);
        }

        return targets;
    }

    private static VmProfile ReadVm(MatrixReadContext context, NamedEntry entry)
    {
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, VmKeys);
        var artifact = map.RequiredString("artifact", "an artifact name");
        var installImage = map.OptionalString("install_image", "an oci-image (or, for a reference-installer, a reference-guest) artifact name");
        var firmware = map.OptionalEnum("firmware", MatrixEnumNames.Firmware, Firmware.Uefi);
        var secureBoot = map.OptionalBool("secure_boot", false);
        if (secureBoot && firmware == Firmware.Bios)
            throw context.Error(map.ValuePosition("secure_boot"), map.PathOf("secure_boot"), "false with firmware bios (Secure Boot needs uefi)", "true");
        var tpm = map.OptionalEnum("tpm", MatrixEnumNames.Tpm, TpmVersion.None);
        var memory = map.RequiredInt("memory_mib", 256, 65536);
        var vcpus = map.OptionalInt("vcpus", 1, 64, 2);
        var video = map.OptionalEnum("video", MatrixEnumNames.Video, VideoModel.Virtio);
        var disks = ReadDisks(context, map);
        var usb = map.OptionalEnum("usb", MatrixEnumNames.Usb, UsbController.None);
        var suspend = map.OptionalBool("suspend", false);
        var network = map.OptionalEnum("network", MatrixEnumNames.Network, NetworkMode.User);
        var wifi = ReadWifi(map);
        var libvirtUri = ReadLibvirtUri(map);

        var artifactAt = map.ValuePosition("artifact");
        context.Later(artifactAt, () =>
        {
            var booted = context.Defined(context.Artifacts, artifact, "artifact", "artifacts", artifactAt, map.PathOf("artifact"));
            if (booted is OciImageArtifact)
            {
                throw context.Error(artifactAt, map.PathOf("artifact"),
                    "an artifact of kind iso, reference-installer or reference-guest (a VM installs an oci-image through install_image)", $"'{artifact}' of kind oci-image");
            }

            if (booted is IsoArtifact or ReferenceInstallerArtifact && installImage is null)
            {
                throw context.Missing(map.Owner, map.PathOf("install_image"),
                    $"install_image: the image the {booted.Kind} '{artifact}' installs (an ISO is installed from, never booted as the system)");
            }

            if (booted is ReferenceInstallerArtifact && firmware != Firmware.Uefi)
            {
                throw context.Error(map.ValuePosition("firmware"), map.PathOf("firmware"),
                    "uefi on a VM booting a reference-installer artifact (its ISO and the system it installs boot only through shim)", "'bios'");
            }

            // The reference guest boots only through shim (UEFI) and the harness reaches it only over its user-mode SSH forward.
            if (booted is ReferenceGuestArtifact && firmware != Firmware.Uefi)
            {
                throw context.Error(map.ValuePosition("firmware"), map.PathOf("firmware"),
                    "uefi on a VM booting a reference-guest artifact (it boots only through shim, a UEFI program)", "'bios'");
            }

            if (booted is ReferenceGuestArtifact && network != NetworkMode.User)
            {
                throw context.Error(map.ValuePosition("network"), map.PathOf("network"),
                    "user on a VM booting a reference-guest artifact (the harness reaches it over the SSH port forward of user-mode networking)", "'none'");
            }
        });
        if (installImage is not null)
        {
            var installAt = map.ValuePosition("install_image");
            context.Later(installAt, () =>
            {
                var image = context.Defined(context.Artifacts, installImage, "artifact", "artifacts", installAt, map.PathOf("install_image"));
                var booted = context.Artifacts.GetValueOrDefault(artifact);
                switch (booted)
                {
                    case IsoArtifact when image is not OciImageArtifact:
                        throw context.Error(installAt, map.PathOf("install_image"), "an artifact of kind oci-image", $"'{installImage}' of kind {image.Kind}");
                    case ReferenceInstallerArtifact when image is not ReferenceGuestArtifact:
                        throw context.Error(installAt, map.PathOf("install_image"),
                            "an artifact of kind reference-guest (the reference installer installs the reference guest's candidate image)", $"'{installImage}' of kind {image.Kind}");
                    case IsoArtifact or ReferenceInstallerArtifact:
                        break;
                    default:
                        throw context.Error(installAt, map.PathOf("install_image"), "install_image only on a VM booting an iso or reference-installer artifact", $"'{installImage}' with artifact '{artifact}'");
                }
            });
        }

        var updateImage = map.OptionalString("update_image", "an oci-image artifact name: the image bootc-upgrade stages on the system the VM installs");
        if (updateImage is not null)
        {
            var updateAt = map.ValuePosition("update_image");
            context.Later(updateAt, () =>
            {
                var image = context.Defined(context.Artifacts, updateImage, "artifact", "artifacts", updateAt, map.PathOf("update_image"));
                if (image is not OciImageArtifact)
                {
                    throw context.Error(updateAt, map.PathOf("update_image"), "an artifact of kind oci-image", $"'{updateImage}' of kind {image.Kind}");
                }

                if (installImage is null || context.Artifacts.GetValueOrDefault(artifact) is not IsoArtifact)
                {
                    throw context.Error(updateAt, map.PathOf("update_image"), "update_image only on a VM installing an oci-image from an iso artifact (install_image)", $"'{updateImage}' with artifact '{artifact}'");
                }
            });
        }

        return new VmProfile(entry.Name, artifact, installImage, firmware, secureBoot, tpm, memory, vcpus, video, disks, usb, suspend, network, wifi)
        {
            LibvirtUri = libvirtUri,
            UpdateImage = updateImage,
        };
    }

    // Scale-out: a VM target may live on another KVM host, reached over SSH with a key file and a pinned host key.
    private static string? ReadLibvirtUri(MappingReader map)
    {
        const string expected = "qemu:///system, or qemu+ssh://user@host[:port]/system?keyfile=KEY&known_hosts=PINNED (absolute files)";
        var uri = map.OptionalString("libvirt_uri", expected);
        if (uri is null)
            return null;
        try
        {
            Libvirt.Remote.LibvirtUri.Parse(uri);
            return uri;
        }
        catch (FormatException e)
        {
            throw map.Context.Error(map.ValuePosition("libvirt_uri"), map.PathOf("libvirt_uri"), expected, e.Message);
        }
    }

    private static ValueList<VmDisk> ReadDisks(MatrixReadContext context, MappingReader map)
    {
        const string expected = "a list of disks like - size_gib: 20 (the first is the system disk)";
        var sequence = map.RequiredSequence("disks", expected);
        if (sequence.Items.Count == 0)
            throw context.Error(sequence.Start, map.PathOf("disks"), expected, "an empty list");
        var disks = new List<VmDisk>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var disk = context.Mapping(sequence.Items[i], $"{map.PathOf("disks")}[{i}]", sequence.Start, ["size_gib"]);
            disks.Add(new VmDisk(disk.RequiredInt("size_gib", 1, 4096)));
        }

        return new ValueList<VmDisk>(disks);
    }

    private static WifiNetwork? ReadWifi(MappingReader map)
    {
        var wifi = map.OptionalMapping("wifi", ["ssid"]);
        if (wifi is null)
            return null;
        const string expected = "an SSID of 1..32 characters";
        var ssid = wifi.RequiredString("ssid", expected);
        return ssid.Length <= 32 ? new WifiNetwork(ssid) : throw map.Context.Error(wifi.ValuePosition("ssid"), wifi.PathOf("ssid"), expected, $"'{ssid}'");
    }

    private static LaptopEntry ReadLaptop(MatrixReadContext context, NamedEntry entry)
    {
        var map = context.Mapping(entry.Value, entry.Path, entry.KeyPosition, LaptopKeys);
        var artifact = map.OptionalString("artifact", "an artifact name");
        var host = ReadHost(map, "host");
        var port = map.OptionalInt("port", 1, 65535, 22);
        const string userExpected = "a user name (lowercase letters, digits, '_', '-')";
        var user = map.RequiredString("user", userExpected);
        if (!UserPattern().IsMatch(user))
            throw context.Error(map.ValuePosition("user"), map.PathOf("user"), userExpected, $"'{user}'");

        var keyFile = map.OptionalPath("key_file", "a private key file path");
        var agent = map.OptionalBool("agent", false);
        if (keyFile is not null && agent)
            throw context.Error(map.ValuePosition("agent"), map.PathOf("agent"), "only one of key_file and agent: true", "both");
        if (keyFile is null && !agent)
            throw context.Missing(map.Owner, map.PathOf("key_file"), "key_file (a private key file) or agent: true");

        const string fingerprintExpected = "a host key fingerprint SHA256: followed by 43 base64 characters (ssh-keygen -lf)";
        var fingerprint = map.OptionalString("host_key_fingerprint", fingerprintExpected);
        var fingerprintFile = map.OptionalPath("host_key_fingerprint_file", "a file holding the fingerprint");
        if (fingerprint is not null && fingerprintFile is not null)
            throw context.Error(map.KeyPosition("host_key_fingerprint_file"), map.PathOf("host_key_fingerprint_file"), "only one of host_key_fingerprint and host_key_fingerprint_file", "both");
        if (fingerprint is null && fingerprintFile is null)
            throw context.Missing(map.Owner, map.PathOf("host_key_fingerprint"), $"{fingerprintExpected}, or host_key_fingerprint_file");
        if (fingerprint is not null && !FingerprintPattern().IsMatch(fingerprint))
            throw context.Error(map.ValuePosition("host_key_fingerprint"), map.PathOf("host_key_fingerprint"), fingerprintExpected, $"'{fingerprint}'");

        var luks = map.OptionalSecret("luks_passphrase");
        var capabilities = ReadCapabilities(map);
        var timeouts = ReadTimeouts(map);
        var adapters = ReadAdapters(map);

        if (artifact is not null)
        {
            var at = map.ValuePosition("artifact");
            context.Later(at, () => context.Defined(context.Artifacts, artifact, "artifact", "artifacts", at, map.PathOf("artifact")));
        }

        return new LaptopEntry(entry.Name, artifact, host, port, user, keyFile, agent, fingerprint, fingerprintFile, luks, capabilities, timeouts, adapters);
    }

    private static LaptopCapabilities ReadCapabilities(MappingReader laptop)
    {
        var map = laptop.OptionalMapping("capabilities", ["wifi", "suspend", "tpm", "secure_boot", "usb_hotplug"]);
        if (map is null)
            return LaptopCapabilities.None;
        return new LaptopCapabilities(
            ReadWifi(map),
            map.OptionalEnum("suspend", MatrixEnumNames.Suspend, SuspendMethod.None),
            map.OptionalBool("tpm", false),
            map.OptionalBool("secure_boot", false),
            map.OptionalEnum("usb_hotplug", MatrixEnumNames.UsbHotplug, UsbHotplugMode.None));
    }

    private static LaptopTimeouts ReadTimeouts(MappingReader laptop)
    {
        var map = laptop.OptionalMapping("timeouts", ["connect_s", "command_s", "boot_s", "resume_s"]);
        if (map is null)
            return LaptopTimeouts.Default;
        var defaults = LaptopTimeouts.Default;
        return new LaptopTimeouts(
            TimeSpan.FromSeconds(map.OptionalInt("connect_s", 1, 600, (int)defaults.Connect.TotalSeconds)),
            TimeSpan.FromSeconds(map.OptionalInt("command_s", 1, 86400, (int)defaults.Command.TotalSeconds)),
            TimeSpan.FromSeconds(map.OptionalInt("boot_s", 10, 7200, (int)defaults.Boot.TotalSeconds)),
            TimeSpan.FromSeconds(map.OptionalInt("resume_s", 5, 3600, (int)defaults.Resume.TotalSeconds)));
    }

    private static LaptopAdapters ReadAdapters(MappingReader laptop)
    {
        var map = laptop.OptionalMapping("adapters", ["power", "keyboard", "console"]);
        if (map is null)
            return LaptopAdapters.None;
        var context = map.Context;

        PowerAdapter? power = null;
        if (map.IsSet("power"))
        {
            var path = map.PathOf("power");
            var type = context.Discriminator(map.Value("power"), path, map.KeyPosition("power"), "type", [CommandPowerAdapter.TypeName, IpmiPowerAdapter.TypeName]);
            if (type == CommandPowerAdapter.TypeName)
            {
                var command = map.RequiredMapping("power", ["type", "on", "off", "reset"]);
                power = new CommandPowerAdapter(
                    command.RequiredString("on", "a command run on the runner"),
                    command.RequiredString("off", "a command run on the runner"),
                    command.OptionalString("reset", "a command run on the runner"));
            }
            else
            {
                var ipmi = map.RequiredMapping("power", ["type", "host", "port", "user", "password_env", "password_file", "interface"]);
                power = new IpmiPowerAdapter(
                    ReadHost(ipmi, "host"),
                    ipmi.OptionalInt("port", 1, 65535, 623),
                    ipmi.RequiredString("user", "the BMC user"),
                    ipmi.RequiredSecret("password"),
                    ipmi.OptionalEnum("interface", MatrixEnumNames.IpmiInterface, IpmiInterface.Lanplus));
            }
        }

        KeyboardAdapter? keyboard = null;
        if (map.IsSet("keyboard"))
        {
            var path = map.PathOf("keyboard");
            var type = context.Discriminator(map.Value("keyboard"), path, map.KeyPosition("keyboard"), "type", [CommandKeyboardAdapter.TypeName, PikvmKeyboardAdapter.TypeName]);
            if (type == CommandKeyboardAdapter.TypeName)
            {
                var command = map.RequiredMapping("keyboard", ["type", "send_text", "send_key"]);
                keyboard = new CommandKeyboardAdapter(
                    command.RequiredString("send_text", "a command that types the text it reads on standard input"),
                    command.RequiredString("send_key", "a command that presses the key named by its last argument"));
            }
            else
            {
                var pikvm = map.RequiredMapping("keyboard", ["type", "url", "user", "password_env", "password_file"]);
                const string urlExpected = "an absolute http or https URL";
                var text = pikvm.RequiredString("url", urlExpected);
                if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    throw context.Error(pikvm.ValuePosition("url"), pikvm.PathOf("url"), urlExpected, $"'{text}'");
                keyboard = new PikvmKeyboardAdapter(url, pikvm.RequiredString("user", "the PiKVM user"), pikvm.RequiredSecret("password"));
            }
        }

        ConsoleAdapter? console = null;
        if (map.IsSet("console"))
        {
            context.Discriminator(map.Value("console"), map.PathOf("console"), map.KeyPosition("console"), "type", [TcpConsoleAdapter.TypeName]);
            var tcp = map.RequiredMapping("console", ["type", "host", "port"]);
            console = new TcpConsoleAdapter(ReadHost(tcp, "host"), tcp.RequiredInt("port", 1, 65535));
        }

        return new LaptopAdapters(power, keyboard, console);
    }

    private static string ReadHost(MappingReader map, string key)
    {
        const string expected = "a host name or IP address";
        var host = map.RequiredString(key, expected);
        return HostPattern().IsMatch(host) ? host : throw map.Context.Error(map.ValuePosition(key), map.PathOf(key), expected, $"'{host}'");
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}$")]
    private static partial Regex FingerprintPattern();
}
