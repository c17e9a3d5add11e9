using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>How the installer runs: <c>text</c>, <c>cmdline</c> (the extra non-interactive failure text) or <c>graphical</c>.</summary>
public enum InstallerMode
{
    Text,
    Cmdline,
    Graphical,
}

/// <summary>The kickstart's last command: what the machine does after a successful install.</summary>
public enum EndAction
{
    /// <summary>pykickstart's default when no end command is given: the machine stays on, halted.</summary>
    Halt,
    Reboot,
    Poweroff,
    Shutdown,
}

/// <summary>The <c>ostreecontainer</c> payload transports veilor's subset allows.</summary>
public enum OstreeTransport
{
    Registry,
    Oci,
    OciArchive,
}

/// <summary><c>timezone ZONE [--utc] [--nontp] [--ntpservers=…]</c>.</summary>
public sealed record TimezoneCommand(int Line, string Zone, bool Utc, bool NoNtp, string? NtpServers);

/// <summary><c>network --bootproto=dhcp …</c> (DHCP is the only protocol the subset has).</summary>
public sealed record NetworkCommand(int Line, string? BootProto, bool Activate, string? Device, string? Hostname, string? OnBoot, bool NoIpv6, string? Ipv6);

/// <summary><c>clearpart</c>: which disks are wiped.</summary>
public sealed record ClearPartCommand(int Line, bool All, bool None, bool InitLabel, string? Drives, string? List, string? DiskLabel);

/// <summary><c>ignoredisk --only-use=… | --drives=…</c> (exactly one of them).</summary>
public sealed record IgnoreDiskCommand(int Line, string? OnlyUse, string? Drives);

/// <summary>
/// <c>part MOUNT</c>: <c>/boot/efi</c> (efi), <c>/boot</c> (ext4|xfs) or <c>/</c> (ext4|xfs|btrfs, the only one that
/// may be <c>--encrypted</c>). The passphrase is a <see cref="Secret"/> so a parsed kickstart never prints it.
/// </summary>
public sealed record PartitionCommand(int Line, string MountPoint, string FsType)
{
    /// <summary>MiB; null lets the installer choose.</summary>
    public int? SizeMiB { get; init; }

    public bool Grow { get; init; }

    public int? MaxSizeMiB { get; init; }

    public string? OnDisk { get; init; }

    public bool Encrypted { get; init; }

    /// <summary><c>luks1</c> or <c>luks2</c>; null means the installer's default (luks2).</summary>
    public string? LuksVersion { get; init; }

    public Secret? Passphrase { get; init; }

    public string? Label { get; init; }

    public string? FsOptions { get; init; }

    public string? Pbkdf { get; init; }

    public int? PbkdfMemory { get; init; }

    public int? PbkdfIterations { get; init; }

    public int? PbkdfTime { get; init; }
}

/// <summary><c>bootloader [--timeout=N] [--append="…"]</c> (+ options the installer accepts and ignores).</summary>
public sealed record BootloaderCommand(int Line, int? Timeout, string? Append, string? Location, string? BootDrive, string? DriveOrder);

/// <summary>
/// <c>ostreecontainer --url=… [--transport=registry|oci|oci-archive] [--stateroot=…] [--remote=…]
/// [--no-signature-verification]</c>: the payload that replaces <c>%packages</c> for an image-based system.
/// </summary>
public sealed record OstreeContainerCommand(int Line, string Url, OstreeTransport? Transport, string? StateRoot, string? Remote, bool NoSignatureVerification)
{
    /// <summary>The stateroot the deployment lands in (Anaconda's default: <c>default</c>).</summary>
    public string EffectiveStateRoot => StateRoot ?? "default";
}

/// <summary><c>rootpw [PASSWORD] [--iscrypted|--plaintext] [--lock] [--allow-ssh]</c>.</summary>
public sealed record RootPasswordCommand(int Line, Secret? Password, bool IsCrypted, bool Lock, bool AllowSsh);

/// <summary><c>user --name=…</c> with its groups and password (a <see cref="Secret"/>).</summary>
public sealed record UserCommand(int Line, string Name)
{
    public string? Groups { get; init; }

    public Secret? Password { get; init; }

    public bool IsCrypted { get; init; }

    public bool Lock { get; init; }

    public string? Gecos { get; init; }

    public string? HomeDir { get; init; }

    public string? Shell { get; init; }

    public int? Uid { get; init; }

    public int? Gid { get; init; }
}

/// <summary><c>sshkey --username=NAME "KEY"</c>.</summary>
public sealed record SshKeyCommand(int Line, string UserName, string Key);

/// <summary>The kind of a script section.</summary>
public enum ScriptKind
{
    Pre,
    Post,
    OnError,
}

/// <summary>A <c>%pre</c>, <c>%post</c> or <c>%onerror</c> section up to its <c>%end</c>.</summary>
public sealed record KickstartScript(int Line, ScriptKind Kind, string Body)
{
    public string Interpreter { get; init; } = "/bin/sh";

    public string? Log { get; init; }

    public bool ErrorOnFail { get; init; }

    /// <summary>Only <c>%post</c> runs chrooted in the installed system, unless <c>--nochroot</c>.</summary>
    public bool Chroot { get; init; }
}
