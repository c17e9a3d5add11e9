using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Branding;

/// <summary>
/// A user account made the way veilor's installer and firstboot make one (<c>useradd --create-home --user-group</c>:
/// the home is filled from <c>/etc/skel</c>), for one check, and removed with its home, group and mail spool.
/// </summary>
public sealed class NewUser(IShell shell, string name)
{
    public string Name { get; } = name;

    public static string Create(string name) =>
        $"useradd --create-home --user-group --shell /bin/bash --comment 'veilorqa branding check' {ProbeShell.Quote(name)}";

    public static string Remove(string name) => $"userdel --remove {ProbeShell.Quote(name)}";

    public static string HomeOf(string name) => $"getent passwd {ProbeShell.Quote(name)} | cut -d: -f6";

    /// <summary>Prints one line per trace the user left: its passwd or group entry, its home, its mail spool.</summary>
    public static string Traces(string name, string home) =>
        $"getent passwd {ProbeShell.Quote(name)} | sed 's/^/passwd: /'; getent group {ProbeShell.Quote(name)} | sed 's/^/group: /'; "
        + $"[ -e {ProbeShell.Quote(home)} ] && echo 'home: {home}'; for m in /var/mail/{name} /var/spool/mail/{name}; do [ -e \"$m\" ] && echo \"mail: $m\"; done; true";

    /// <summary>Creates the account; returns its home folder.</summary>
    public async Task<string> CreateAsync(CancellationToken cancellationToken = default)
    {
        await shell.OutputOfAsync(Create(Name), cancellationToken);
        var home = (await shell.OutputOfAsync(HomeOf(Name), cancellationToken)).Trim();
        return home.Length > 0 ? home : throw new GuestOutputException(HomeOf(Name), "no home folder for the new user", home);
    }

    /// <summary>Removes the account with its home; what stays afterwards is listed (empty when nothing).</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string home, CancellationToken cancellationToken = default)
    {
        var exists = await shell.ResultOfAsync($"getent passwd {ProbeShell.Quote(Name)} >/dev/null", cancellationToken);
        if (exists.Succeeded)
        {
            await shell.OutputOfAsync(Remove(Name), cancellationToken);
        }

        return ProbeShell.Lines(await shell.OutputOfAsync(Traces(Name, home), cancellationToken)).ToList();
    }
}
