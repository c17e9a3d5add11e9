namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// A kickstart that passed <see cref="KickstartParser"/>: veilor's subset as typed commands. Commands that may
/// appear once hold the last occurrence (pykickstart overrides an earlier one); absent ones are null or empty.
/// </summary>
public sealed record KickstartDocument
{
    public required string FileName { get; init; }

    public InstallerMode? Mode { get; init; }

    public string? Language { get; init; }

    public string? Keyboard { get; init; }

    public TimezoneCommand? Timezone { get; init; }

    public IReadOnlyList<NetworkCommand> Networks { get; init; } = [];

    public bool ZeroMbr { get; init; }

    public ClearPartCommand? ClearPart { get; init; }

    public IgnoreDiskCommand? IgnoreDisk { get; init; }

    public IReadOnlyList<PartitionCommand> Partitions { get; init; } = [];

    public BootloaderCommand? Bootloader { get; init; }

    /// <summary>Always present: a kickstart without it is refused (this subset has no package install).</summary>
    public required OstreeContainerCommand OstreeContainer { get; init; }

    public RootPasswordCommand? RootPassword { get; init; }

    public IReadOnlyList<UserCommand> Users { get; init; } = [];

    public IReadOnlyList<SshKeyCommand> SshKeys { get; init; } = [];

    /// <summary>The end command given, or null (then the installer halts: <see cref="EffectiveEndAction"/>).</summary>
    public EndAction? EndAction { get; init; }

    public IReadOnlyList<KickstartScript> Scripts { get; init; } = [];

    public EndAction EffectiveEndAction => EndAction ?? Kickstart.EndAction.Halt;

    /// <summary>The <c>part /</c> line (always present in a parsed document).</summary>
    public PartitionCommand Root => Partitions.Single(p => p.MountPoint == "/");

    public IEnumerable<KickstartScript> ScriptsOf(ScriptKind kind) => Scripts.Where(s => s.Kind == kind);
}
