using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>bcrypt htpasswd entries, the only format docker-registry's htpasswd auth accepts.</summary>
public static class Htpasswd
{
    /// <summary>
    /// One <c>user:$2y$…</c> line from the host's <c>htpasswd -niB</c> (apache2-utils). The password goes
    /// on standard input (<c>-i</c>), never on a command line that <c>ps</c> or an error message would show.
    /// </summary>
    public static async Task<string> EntryAsync(RegistryCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.User.Length == 0 || credentials.User.Contains(':', StringComparison.Ordinal) || credentials.User.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"registry user '{credentials.User}' must be non-empty, without ':' or spaces", nameof(credentials));
        }

        if (!ExternalCommand.IsOnPath("htpasswd"))
        {
            throw new RegistryException("htpasswd is not installed (apt-get install apache2-utils; scripts/setup.sh installs it)");
        }

        var line = (await ExternalCommand.RunCheckedAsync("htpasswd", ["-niB", credentials.User], TimeSpan.FromSeconds(30), credentials.Password.Reveal(), cancellationToken)).Trim();
        return line.StartsWith(credentials.User + ":$2", StringComparison.Ordinal)
            ? line + "\n"
            : throw new RegistryException($"htpasswd -niB {credentials.User} printed no bcrypt entry");
    }
}
