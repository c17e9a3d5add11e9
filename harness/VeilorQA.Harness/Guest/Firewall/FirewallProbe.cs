using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Firewall;

/// <summary>firewalld's view of the guest through <c>firewall-cmd</c>, and the kernel's ruleset through <c>nft</c>.</summary>
public sealed class FirewallProbe(IShell shell)
{
    /// <summary>firewall-cmd exits 252 and prints "not running" when the daemon is down; both are an answer here.</summary>
    public const string State = "firewall-cmd --state 2>&1 || true";

    public const string DefaultZone = "firewall-cmd --get-default-zone";

    public const string NftTables = "nft list tables";

    /// <summary>The backend firewalld.conf asks for (the daemon may run from another config folder; the nft tables tell what it does).</summary>
    public const string ConfiguredBackend = "sed -n 's/^FirewallBackend=//p' /etc/firewalld/firewalld.conf 2>/dev/null || true";

    /// <summary>Exit 2 with "no zone" when the interface is bound to none.</summary>
    public static string ZoneOfInterface(string interfaceName, bool permanent) =>
        $"firewall-cmd {(permanent ? "--permanent " : string.Empty)}--get-zone-of-interface={ProbeShell.Quote(interfaceName)}";

    public static string InfoZone(string zone, bool permanent) =>
        $"firewall-cmd {(permanent ? "--permanent " : string.Empty)}--info-zone={ProbeShell.Quote(zone)}";

    /// <summary><c>running</c>, <c>not running</c>, or what firewall-cmd said instead.</summary>
    public async Task<string> StateAsync(CancellationToken cancellationToken = default) =>
        (await shell.OutputOfAsync(State, cancellationToken)).Trim();

    public async Task<string> DefaultZoneAsync(CancellationToken cancellationToken = default) =>
        (await shell.OutputOfAsync(DefaultZone, cancellationToken)).Trim();

    /// <summary>The zone <paramref name="interfaceName"/> is bound to (runtime, or the permanent configuration), or null for none.</summary>
    public async Task<string?> ZoneOfInterfaceAsync(string interfaceName, bool permanent, CancellationToken cancellationToken = default)
    {
        var result = await shell.ResultOfAsync(ZoneOfInterface(interfaceName, permanent), cancellationToken);
        var text = result.StandardOutput.Trim();
        if (result.Succeeded && text.Length > 0)
        {
            return text;
        }

        if ((result.StandardOutput + result.StandardError).Contains("no zone", StringComparison.Ordinal))
        {
            return null;
        }

        throw new GuestOutputException(ZoneOfInterface(interfaceName, permanent), $"exit {result.ExitCode}, neither a zone nor 'no zone'", result.StandardOutput + result.StandardError);
    }

    public async Task<FirewallZone> ZoneAsync(string zone, bool permanent, CancellationToken cancellationToken = default) =>
        FirewallZone.Parse(await shell.OutputOfAsync(InfoZone(zone, permanent), cancellationToken));

    public async Task<IReadOnlyList<NftTable>> TablesAsync(CancellationToken cancellationToken = default) =>
        NftTable.ParseList(await shell.OutputOfAsync(NftTables, cancellationToken));

    public async Task<string?> ConfiguredBackendAsync(CancellationToken cancellationToken = default) =>
        (await shell.OutputOfAsync(ConfiguredBackend, cancellationToken)).Trim() is { Length: > 0 } backend ? backend : null;
}
