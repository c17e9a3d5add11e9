using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Faults;

/// <summary>
/// An install failure mode as the matrix names it (<c>install-…</c> faults, <c>breaks: install</c>): how the harness
/// switches it on. The kickstart edits apply to the rendered text; the disk size, installer words and registry damage
/// to the install plan.
/// </summary>
public sealed partial record InstallFault(string Name, InstallFaultKind Kind)
{
    /// <summary>The size of the disk for <see cref="InstallFaultKind.DiskTooSmall"/>: smaller than 600 MiB ESP + 1 GiB /boot + 3000 MiB root.</summary>
    public const int TooSmallDiskGib = 3;

    /// <summary>The line <see cref="InstallFaultKind.KickstartSyntax"/> adds (a command veilor's installer does not honour).</summary>
    public const string RefusedLine = "firewall --enabled --service=ssh";

    /// <summary>The tag <see cref="InstallFaultKind.TagMissing"/> asks for.</summary>
    public const string MissingTag = "does-not-exist";

    private static readonly IReadOnlyDictionary<string, InstallFaultKind> Known = new Dictionary<string, InstallFaultKind>(StringComparer.Ordinal)
    {
        ["install-registry-unreachable"] = InstallFaultKind.RegistryUnreachable,
        ["install-tag-missing"] = InstallFaultKind.TagMissing,
        ["install-digest-mismatch"] = InstallFaultKind.DigestMismatch,
        ["install-disk-too-small"] = InstallFaultKind.DiskTooSmall,
        ["install-kickstart-syntax"] = InstallFaultKind.KickstartSyntax,
        ["install-post-fails"] = InstallFaultKind.PostScriptFails,
        ["install-network-late"] = InstallFaultKind.NetworkLate,
    };

    /// <summary>Every install fault name the harness can switch on.</summary>
    public static IReadOnlyCollection<string> Names => Known.Keys.ToList();

    /// <summary>The fault named <paramref name="name"/>, or null when it is not an install fault.</summary>
    public static InstallFault? Find(string name) => Known.TryGetValue(name, out var kind) ? new InstallFault(name, kind) : null;

    /// <summary>Whether the harness checks the rendered kickstart before the VM starts (not for the fault that is a kickstart error).</summary>
    public bool KickstartPreChecked => Kind != InstallFaultKind.KickstartSyntax;

    /// <summary>The kickstart as this fault wants it.</summary>
    /// <param name="kickstart">The rendered kickstart.</param>
    /// <param name="unusedPort">A loopback port nobody listens on (registry unreachable).</param>
    public string ApplyToKickstart(string kickstart, int unusedPort) => Kind switch
    {
        InstallFaultKind.RegistryUnreachable => UrlOption().Replace(kickstart, m => $"--url={HostPort().Replace(m.Groups[1].Value, $"$1:{unusedPort}", 1)}", 1),
        InstallFaultKind.TagMissing => UrlOption().Replace(kickstart, m => $"--url={Unpinned(m.Groups[1].Value)}:{MissingTag}", 1),
        InstallFaultKind.KickstartSyntax => Append(kickstart, RefusedLine + "\n"),
        InstallFaultKind.PostScriptFails => Append(kickstart,
            "%post --erroronfail\necho \"veilorqa: this %post fails on purpose (install-post-fails)\" >&2\nexit 3\n%end\n"),
        _ => kickstart,
    };

    /// <summary>The target disk size this fault wants (<paramref name="planned"/> unless the disk must be too small).</summary>
    public int DiskSizeGib(int planned) => Kind == InstallFaultKind.DiskTooSmall ? TooSmallDiskGib : planned;

    /// <summary>Installer words this fault adds (SMBIOS SKU / kernel command line).</summary>
    public IReadOnlyList<string> InstallerArguments => Kind == InstallFaultKind.NetworkLate
        ? ["inst.veilorqa.link-delay=600", "inst.dhcptimeout=15"]
        : [];

    public override string ToString() => Name;

    private static string Append(string kickstart, string text) => kickstart.EndsWith('\n') ? kickstart + text : kickstart + "\n" + text;

    private static string Unpinned(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at < 0 ? url : url[..at];
        var slash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > slash ? withoutDigest[..colon] : withoutDigest;
    }

    [GeneratedRegex(@"--url=(\S+)")]
    private static partial Regex UrlOption();

    [GeneratedRegex(@"^([^/:]+):\d+")]
    private static partial Regex HostPort();
}
