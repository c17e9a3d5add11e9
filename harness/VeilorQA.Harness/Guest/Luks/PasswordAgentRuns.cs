namespace VeilorQA.Harness.Guest.Luks;

/// <summary>
/// Whether this boot asked anyone for a password, read from its journal (the initramfs's entries included). systemd starts
/// a password agent — <c>systemd-ask-password-console.service</c>, or <c>systemd-ask-password-plymouth.service</c> where
/// Plymouth runs — only when a query waits in <c>/run/systemd/ask-password</c> (its path unit's DirectoryNotEmpty=). A
/// boot with an encrypted root that the journal shows no agent for opened the volume without asking: with a key file,
/// a token, or no LUKS at all. Unlike watching a console, this does not depend on how fast the guest printed.
/// </summary>
public static class PasswordAgentRuns
{
    /// <summary>The agents' journal lines of this boot (PID 1's "Started …" and the agents' own); empty when none ran.</summary>
    public const string Command =
        "journalctl -b -q --no-pager -o short-monotonic -u systemd-ask-password-console.service -u systemd-ask-password-plymouth.service";

    /// <summary>The lines of <see cref="Command"/>'s output that show an agent starting; empty when no password was asked.</summary>
    public static IReadOnlyList<string> Started(string journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return journal.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains("Started systemd-ask-password-console.service", StringComparison.Ordinal)
                        || l.Contains("Started systemd-ask-password-plymouth.service", StringComparison.Ordinal))
            .ToList();
    }
}
