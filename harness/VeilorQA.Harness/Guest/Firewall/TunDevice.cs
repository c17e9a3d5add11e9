using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Firewall;

/// <summary>
/// A tun interface the harness creates the way tailscaled does at start (a tun device of that name, up, with an address
/// from tailscale's 100.64.0.0/10 range), so firewalld and NetworkManager see it appear after they started; removed by
/// <see cref="RemoveAsync"/>. Only created when no interface of that name exists: a real tailscale0 is never touched.
/// </summary>
public sealed class TunDevice(IShell shell, string name)
{
    /// <summary>An address of tailscale's CGNAT range, never routed anywhere off the guest.</summary>
    public const string Address = "100.100.99.1/32";

    public string Name { get; } = name;

    /// <summary>True when the harness made the interface (and so must remove it).</summary>
    public bool CreatedByHarness { get; private set; }

    public static string Exists(string name) => $"ip -o link show dev {ProbeShell.Quote(name)} >/dev/null 2>&1 && echo yes || echo no";

    public static string Create(string name) =>
        $"ip tuntap add dev {ProbeShell.Quote(name)} mode tun && ip link set dev {ProbeShell.Quote(name)} up && ip addr add {Address} dev {ProbeShell.Quote(name)}";

    public static string Delete(string name) => $"ip link delete dev {ProbeShell.Quote(name)}";

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        (await shell.OutputOfAsync(Exists(Name), cancellationToken)).Trim() == "yes";

    /// <summary>Creates the interface unless one of that name exists; returns whether it was created now.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (await ExistsAsync(cancellationToken))
        {
            return false;
        }

        await shell.OutputOfAsync(Create(Name), cancellationToken);
        CreatedByHarness = true;
        return true;
    }

    /// <summary>Removes the interface if the harness created it; idempotent.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        if (CreatedByHarness && await ExistsAsync(cancellationToken))
        {
            await shell.OutputOfAsync(Delete(Name), cancellationToken);
        }

        CreatedByHarness = false;
    }
}
