using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>One reader per command of veilor's subset, each with the options and refusals the installer has.</summary>
internal static class KickstartCommands
{
    private static readonly Dictionary<string, (string Allowed, string[] FsTypes)> Mounts = new(StringComparer.Ordinal)
    {
        ["/boot/efi"] = ("efi", ["efi"]),
        ["/boot"] = ("ext4|xfs", ["ext4", "xfs"]),
        ["/"] = ("ext4|xfs|btrfs", ["ext4", "xfs", "btrfs"]),
    };

    public static void Apply(ParseState ks, int line, string command, IReadOnlyList<string> args)
    {
        var p = new KickstartOptionParser(command);
        switch (command)
        {
            case "text" or "cmdline" or "graphical":
                if (command == "text")
                {
                    p.Flag("non_interactive", "--non-interactive");
                }

                p.Parse(args);
                ks.Mode = command switch
                {
                    "text" => InstallerMode.Text,
                    "cmdline" => InstallerMode.Cmdline,
                    _ => InstallerMode.Graphical,
                };
                break;
            case "lang":
            {
                var o = p.Value("addsupport", "--addsupport").Parse(args, positionals: 1);
                if (o.Positionals.Count != 1)
                {
                    throw new KickstartReasonException("Kickstart command lang requires one argument");
                }

                ks.Language = o.Positionals[0];
                break;
            }

            case "keyboard":
            {
                var o = p.Value("vckeymap", "--vckeymap").Value("xlayouts", "--xlayouts").Value("switch", "--switch").Parse(args, positionals: 1);
                var keymap = NonEmpty(o.Text("vckeymap")) ?? NonEmpty((o.Text("xlayouts") ?? string.Empty).Split(',')[0]) ?? (o.Positionals.Count > 0 ? o.Positionals[0] : null);
                if (string.IsNullOrEmpty(keymap))
                {
                    throw new KickstartReasonException("One of --xlayouts, --vckeymap options with value must be specified");
                }

                ks.Keyboard = keymap;
                break;
            }

            case "timezone":
            {
                var o = p.Flag("utc", "--utc", "--isUtc").Flag("nontp", "--nontp").Value("ntpservers", "--ntpservers").Parse(args, positionals: 1);
                if (o.Positionals.Count != 1)
                {
                    throw new KickstartReasonException("A single argument is expected for the timezone command");
                }

                ks.Timezone = new TimezoneCommand(line, o.Positionals[0], o.Flag("utc"), o.Flag("nontp"), o.Text("ntpservers"));
                break;
            }

            case "network":
            {
                var o = p.Value("bootproto", "--bootproto", ["dhcp", "static", "bootp", "ibft", "query"])
                    .Flag("activate", "--activate")
                    .FalseFlag("activate", "--no-activate")
                    .Value("device", "--device")
                    .Value("hostname", "--hostname")
                    .Value("onboot", "--onboot")
                    .Flag("noipv6", "--noipv6")
                    .Value("ipv6", "--ipv6")
                    .Parse(args);
                var proto = o.Text("bootproto");
                if (proto is not (null or "dhcp"))
                {
                    throw new KickstartReasonException($"network --bootproto={proto} is not supported by this installer (dhcp only)");
                }

                ks.Networks.Add(new NetworkCommand(line, proto, o.Flag("activate"), o.Text("device"), o.Text("hostname"), o.Text("onboot"), o.Flag("noipv6"), o.Text("ipv6")));
                break;
            }

            case "zerombr":
                p.Parse(args);
                ks.ZeroMbr = true;
                break;
            case "clearpart":
            {
                var o = p.Flag("all", "--all").Flag("none", "--none").Flag("initlabel", "--initlabel")
                    .Value("drives", "--drives").Value("list", "--list").Value("disklabel", "--disklabel", ["gpt", "msdos"])
                    .Parse(args);
                ks.ClearPart = new ClearPartCommand(line, o.Flag("all"), o.Flag("none"), o.Flag("initlabel"), o.Text("drives"), o.Text("list"), o.Text("disklabel"));
                break;
            }

            case "ignoredisk":
            {
                var o = p.Value("only_use", "--only-use").Value("drives", "--drives").Parse(args);
                var (onlyUse, drives) = (o.Text("only_use"), o.Text("drives"));
                if (!string.IsNullOrEmpty(onlyUse) && !string.IsNullOrEmpty(drives))
                {
                    throw new KickstartReasonException("Only one of --drives and --only-use may be specified for ignoredisk command.");
                }

                if (string.IsNullOrEmpty(onlyUse) && string.IsNullOrEmpty(drives))
                {
                    throw new KickstartReasonException("One of --drives or --only-use must be specified for ignoredisk command.");
                }

                ks.IgnoreDisk = new IgnoreDiskCommand(line, onlyUse, drives);
                break;
            }

            case "part" or "partition":
                ks.Partitions.Add(Partition(ks, line, p, args));
                break;
            case "bootloader":
            {
                var o = p.Int("timeout", "--timeout").Value("append", "--append").Value("location", "--location", ["mbr", "partition", "none", "boot"])
                    .Value("boot_drive", "--boot-drive").Value("driveorder", "--driveorder")
                    .Parse(args);
                ks.Bootloader = new BootloaderCommand(line, o.Int("timeout"), o.Text("append"), o.Text("location"), o.Text("boot_drive"), o.Text("driveorder"));
                break;
            }

            case "ostreecontainer":
            {
                var o = p.Value("url", "--url").Value("transport", "--transport", ["registry", "oci", "oci-archive"])
                    .Value("stateroot", "--stateroot").Value("remote", "--remote").Flag("no_sig", "--no-signature-verification")
                    .Parse(args);
                var url = o.Text("url");
                if (string.IsNullOrEmpty(url))
                {
                    throw new KickstartReasonException("ostreecontainer: the following arguments are required: --url");
                }

                OstreeTransport? transport = o.Text("transport") switch
                {
                    "registry" => OstreeTransport.Registry,
                    "oci" => OstreeTransport.Oci,
                    "oci-archive" => OstreeTransport.OciArchive,
                    _ => null,
                };
                ks.OstreeContainer = new OstreeContainerCommand(line, url, transport, o.Text("stateroot"), o.Text("remote"), o.Flag("no_sig"));
                break;
            }

            case "rootpw":
            {
                var o = p.Flag("iscrypted", "--iscrypted").FalseFlag("iscrypted", "--plaintext").Flag("lock", "--lock").Flag("allow_ssh", "--allow-ssh")
                    .Parse(args, positionals: 1);
                if (o.Positionals.Count == 0 && !o.Flag("lock"))
                {
                    throw new KickstartReasonException("A single argument is expected for the rootpw command");
                }

                var password = (o.Positionals.Count > 0 ? o.Positionals[0] : null);
                ks.RootPassword = new RootPasswordCommand(line, string.IsNullOrEmpty(password) ? null : new Secret(password), o.Flag("iscrypted"), o.Flag("lock"), o.Flag("allow_ssh"));
                break;
            }

            case "user":
            {
                var o = p.Value("name", "--name", required: true).Value("groups", "--groups").Value("password", "--password")
                    .Flag("iscrypted", "--iscrypted").FalseFlag("iscrypted", "--plaintext").Flag("lock", "--lock")
                    .Value("gecos", "--gecos").Value("homedir", "--homedir").Value("shell", "--shell").Int("uid", "--uid").Int("gid", "--gid")
                    .Parse(args);
                var password = o.Text("password");
                ks.Users.Add(new UserCommand(line, o.Text("name")!)
                {
                    Groups = o.Text("groups"),
                    Password = string.IsNullOrEmpty(password) ? null : new Secret(password),
                    IsCrypted = o.Flag("iscrypted"),
                    Lock = o.Flag("lock"),
                    Gecos = o.Text("gecos"),
                    HomeDir = o.Text("homedir"),
                    Shell = o.Text("shell"),
                    Uid = o.Int("uid"),
                    Gid = o.Int("gid"),
                });
                break;
            }

            case "sshkey":
            {
                var o = p.Value("username", "--username", required: true).Parse(args, positionals: 1);
                if (o.Positionals.Count != 1)
                {
                    throw new KickstartReasonException("A single argument is expected for the sshkey command");
                }

                ks.SshKeys.Add(new SshKeyCommand(line, o.Text("username")!, o.Positionals[0]));
                break;
            }

            case "reboot" or "poweroff" or "halt" or "shutdown":
                p.Flag("eject", "--eject").Flag("kexec", "--kexec").Parse(args);
                ks.EndAction = command switch
                {
                    "reboot" => EndAction.Reboot,
                    "poweroff" => EndAction.Poweroff,
                    "shutdown" => EndAction.Shutdown,
                    _ => EndAction.Halt,
                };
                break;
            default:
                throw new KickstartReasonException($"Unknown command: {command}");
        }
    }

    private static PartitionCommand Partition(ParseState ks, int line, KickstartOptionParser p, IReadOnlyList<string> args)
    {
        var o = p.Value("fstype", "--fstype")
            .Size("size", "--size")
            .Flag("grow", "--grow")
            .Size("maxsize", "--maxsize")
            .Value("ondisk", ["--ondisk", "--ondrive"])
            .Flag("encrypted", "--encrypted")
            .Value("luks_version", "--luks-version", ["luks1", "luks2"])
            .Value("passphrase", "--passphrase")
            .Value("label", "--label")
            .Value("fsoptions", "--fsoptions")
            .Value("pbkdf", "--pbkdf", ["argon2id", "argon2i", "pbkdf2"])
            .Int("pbkdf_memory", "--pbkdf-memory")
            .Int("pbkdf_iterations", "--pbkdf-iterations")
            .Int("pbkdf_time", "--pbkdf-time")
            .Parse(args, positionals: 1);
        if (o.Positionals.Count != 1)
        {
            throw new KickstartReasonException("Mount point required for part");
        }

        var mount = o.Positionals[0];
        if (!Mounts.TryGetValue(mount, out var allowed))
        {
            throw new KickstartReasonException($"part {mount}: only /, /boot and /boot/efi are supported by this installer");
        }

        var fsType = o.Text("fstype") ?? (mount == "/boot/efi" ? "efi" : mount == "/" ? "xfs" : "ext4");
        if (!allowed.FsTypes.Contains(fsType))
        {
            throw new KickstartReasonException($"part {mount}: --fstype={fsType} is not supported (use {allowed.Allowed})");
        }

        if (o.Flag("encrypted") && mount != "/")
        {
            throw new KickstartReasonException($"part {mount}: --encrypted is supported only for /");
        }

        if (ks.Partitions.Any(x => x.MountPoint == mount))
        {
            throw new KickstartReasonException($"The mount point \"{mount}\" is already in use.");
        }

        var passphrase = o.Text("passphrase");
        return new PartitionCommand(line, mount, fsType)
        {
            SizeMiB = o.Int("size"),
            Grow = o.Flag("grow"),
            MaxSizeMiB = o.Int("maxsize"),
            OnDisk = o.Text("ondisk"),
            Encrypted = o.Flag("encrypted"),
            LuksVersion = o.Text("luks_version"),
            Passphrase = string.IsNullOrEmpty(passphrase) ? null : new Secret(passphrase),
            Label = o.Text("label"),
            FsOptions = o.Text("fsoptions"),
            Pbkdf = o.Text("pbkdf"),
            PbkdfMemory = o.Int("pbkdf_memory"),
            PbkdfIterations = o.Int("pbkdf_iterations"),
            PbkdfTime = o.Int("pbkdf_time"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
