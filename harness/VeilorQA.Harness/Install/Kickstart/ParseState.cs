namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>What the parser has read so far; frozen into a <see cref="KickstartDocument"/> at the end.</summary>
internal sealed class ParseState(string fileName)
{
    public InstallerMode? Mode { get; set; }

    public string? Language { get; set; }

    public string? Keyboard { get; set; }

    public TimezoneCommand? Timezone { get; set; }

    public List<NetworkCommand> Networks { get; } = [];

    public bool ZeroMbr { get; set; }

    public ClearPartCommand? ClearPart { get; set; }

    public IgnoreDiskCommand? IgnoreDisk { get; set; }

    public List<PartitionCommand> Partitions { get; } = [];

    public BootloaderCommand? Bootloader { get; set; }

    public OstreeContainerCommand? OstreeContainer { get; set; }

    public RootPasswordCommand? RootPassword { get; set; }

    public List<UserCommand> Users { get; } = [];

    public List<SshKeyCommand> SshKeys { get; } = [];

    public EndAction? EndAction { get; set; }

    public List<KickstartScript> Scripts { get; } = [];

    public KickstartDocument ToDocument() => new()
    {
        FileName = fileName,
        Mode = Mode,
        Language = Language,
        Keyboard = Keyboard,
        Timezone = Timezone,
        Networks = Networks,
        ZeroMbr = ZeroMbr,
        ClearPart = ClearPart,
        IgnoreDisk = IgnoreDisk,
        Partitions = Partitions,
        Bootloader = Bootloader,
        OstreeContainer = OstreeContainer ?? throw new InvalidOperationException("checked before"),
        RootPassword = RootPassword,
        Users = Users,
        SshKeys = SshKeys,
        EndAction = EndAction,
        Scripts = Scripts,
    };
}
