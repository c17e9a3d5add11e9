using System.Security.Cryptography;
using System.Text;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Libvirt.Remote;

/// <summary>
/// A libvirt URI a matrix target or <c>VEILORQA_LIBVIRT_URI</c> names — local (<c>qemu:///system</c>) or remote over SSH
/// (<c>qemu+ssh://root@kvm-host:22/system?keyfile=KEY&amp;known_hosts=FILE</c>, also <c>qemu+libssh://</c>) — checked
/// so a remote one always authenticates with a key from a file and verifies a pinned host key, and turned into the
/// URI libvirt is given.
/// </summary>
/// <remarks>
/// libvirt's <c>ssh</c> transport runs OpenSSH and ignores <c>known_hosts=</c> (only the libssh/libssh2 transports read
/// it; libvirt's docs/uri.rst): for <c>qemu+ssh</c> the harness enforces the pin itself by handing libvirt a
/// <c>command=</c> wrapper that runs ssh with <c>UserKnownHostsFile=</c> the pinned file, <c>StrictHostKeyChecking=yes</c>
/// and no global known-hosts file, plus <c>no_tty=1</c> so nothing ever prompts. For <c>qemu+libssh</c> libvirt pins
/// natively (<c>known_hosts_verify=normal</c>, <c>sshauth=privkey</c>).
/// </remarks>
public sealed record LibvirtUri(string Text, string Transport, string? User, string? Host, int? Port, string Path, IReadOnlyDictionary<string, string> Parameters)
{
    private static readonly string[] Transports = ["", "ssh", "libssh"];
    private static readonly string[] AllowedParameters = ["keyfile", "known_hosts", "no_tty", "mode", "proxy", "socket", "netcat"];

    /// <summary>Over SSH (to another host, or to this one through an sshd).</summary>
    public bool IsRemote => Transport is "ssh" or "libssh";

    /// <summary>The private key file (remote URIs).</summary>
    public string? KeyFile => Parameters.GetValueOrDefault("keyfile");

    /// <summary>The pinned known_hosts file (remote URIs).</summary>
    public string? KnownHostsFile => Parameters.GetValueOrDefault("known_hosts");

    /// <summary>Parses and checks <paramref name="text"/>; one <see cref="FormatException"/> names what is wrong.</summary>
    public static LibvirtUri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("qemu", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not a QEMU libvirt URI such as qemu:///system or qemu+ssh://root@kvm-host/system?keyfile=...&known_hosts=...");
        }

        var plus = uri.Scheme.IndexOf('+', StringComparison.Ordinal);
        var transport = plus < 0 ? string.Empty : uri.Scheme[(plus + 1)..];
        if (uri.Scheme[..(plus < 0 ? uri.Scheme.Length : plus)] != "qemu" || !Transports.Contains(transport))
        {
            throw new FormatException($"'{text}': transport '{uri.Scheme}' is not supported; use qemu:///system, qemu+ssh:// or qemu+libssh://");
        }

        if (uri.AbsolutePath != "/system")
        {
            throw new FormatException($"'{text}': path '{uri.AbsolutePath}' is not /system (the harness needs the system QEMU driver: swtpm, pflash firmware)");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!AllowedParameters.Contains(name))
            {
                throw new FormatException(name switch
                {
                    "no_verify" or "known_hosts_verify" => $"'{text}': {name} would stop verifying the host key; the pin in known_hosts= is required",
                    "command" => $"'{text}': command= is set by the harness (it runs ssh with the pinned known_hosts file)",
                    "sshauth" => $"'{text}': sshauth= is set by the harness (privkey: the key from keyfile=)",
                    _ => $"'{text}': parameter '{name}' is not supported (supported: {string.Join(", ", AllowedParameters)})",
                });
            }

            parameters[name] = value;
        }

        var parsed = new LibvirtUri(text, transport, uri.UserInfo.Length == 0 ? null : Uri.UnescapeDataString(uri.UserInfo), uri.Host.Length == 0 ? null : uri.Host, uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port, uri.AbsolutePath, parameters);
        if (parsed.IsRemote)
        {
            if (parsed.Host is null)
            {
                throw new FormatException($"'{text}': a remote URI names its host (qemu+{transport}://user@host/system)");
            }

            foreach (var (name, value) in new[] { ("keyfile", parsed.KeyFile), ("known_hosts", parsed.KnownHostsFile) })
            {
                if (string.IsNullOrEmpty(value) || !System.IO.Path.IsPathRooted(value))
                {
                    throw new FormatException($"'{text}': {name}= must name an absolute file (the {(name == "keyfile" ? "private key" : "pinned host key")}); got '{value ?? "nothing"}'");
                }

                if (value.Contains('\'', StringComparison.Ordinal) || value.Any(char.IsControl))
                {
                    throw new FormatException($"'{text}': {name}= holds a quote or a control character");
                }
            }
        }
        else if (parsed.Host is not null || parameters.Count > 0)
        {
            throw new FormatException($"'{text}': a local URI has no host or parameters (qemu:///system); a remote one names its transport (qemu+ssh://)");
        }

        return parsed;
    }

    /// <summary>
    /// The URI handed to libvirt: unchanged when local; for <c>qemu+ssh</c> with a pinned-ssh <c>command=</c> wrapper
    /// (written under <paramref name="wrapperDirectory"/>) and <c>no_tty=1</c>; for <c>qemu+libssh</c> with strict host key
    /// verification and key authentication. Checks the key and known_hosts files exist.
    /// </summary>
    /// <exception cref="FileNotFoundException">The key or the known_hosts file is missing (names it and the URI).</exception>
    public string ForLibvirt(string? wrapperDirectory = null)
    {
        if (!IsRemote)
        {
            return Text;
        }

        foreach (var (what, file) in new[] { ("private key", KeyFile!), ("pinned known_hosts", KnownHostsFile!) })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"libvirt URI {Text}: the {what} file {file} does not exist (the release gate writes it from a Forgejo secret: scripts/secret-files)", file);
            }
        }

        var authority = $"{(User is null ? string.Empty : Uri.EscapeDataString(User) + "@")}{Host}{(Port is null ? string.Empty : ":" + Port)}";
        var query = new List<string> { "keyfile=" + Uri.EscapeDataString(KeyFile!) };
        query.AddRange(Parameters.Where(p => p.Key is not ("keyfile" or "known_hosts" or "no_tty")).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        if (Transport == "ssh")
        {
            query.Add("no_tty=1");
            query.Add("command=" + Uri.EscapeDataString(PinnedSshCommand(wrapperDirectory ?? System.IO.Path.Combine(HarnessPaths.State, "ssh"))));
        }
        else
        {
            query.Add("known_hosts=" + Uri.EscapeDataString(KnownHostsFile!));
            query.Add("known_hosts_verify=normal");
            query.Add("sshauth=privkey");
        }

        return $"qemu+{Transport}://{authority}{Path}?{string.Join('&', query)}";
    }

    /// <summary>
    /// What <see cref="LibvirtConnection.Open"/> hands libvirt for <paramref name="uri"/>: a <c>qemu+ssh</c>/<c>qemu+libssh</c>
    /// URI checked and pinned (<see cref="ForLibvirt"/>), anything else (qemu:///system, test:///default) unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The remote URI is not acceptable or its key or known_hosts file is missing.</exception>
    public static string ForLibvirtIfRemote(string uri)
    {
        if (!uri.StartsWith("qemu+ssh:", StringComparison.Ordinal) && !uri.StartsWith("qemu+libssh:", StringComparison.Ordinal))
        {
            return uri;
        }

        try
        {
            return Parse(uri).ForLibvirt();
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            throw new ArgumentException(e.Message, nameof(uri), e);
        }
    }

    /// <summary>The URI with its query left out (key paths are not secret, but messages need not repeat them).</summary>
    public override string ToString() => IsRemote ? $"qemu+{Transport}://{(User is null ? string.Empty : User + "@")}{Host}{(Port is null ? string.Empty : ":" + Port)}{Path}" : Text;

    /// <summary>Writes (once) the ssh wrapper that pins this URI's known_hosts file and returns its path.</summary>
    private string PinnedSshCommand(string directory)
    {
        var script = "#!/bin/sh\n"
            + "# Written by VeilorQA for libvirt's ssh transport (command=): OpenSSH with the pinned host key only.\n"
            + $"exec ssh -o 'UserKnownHostsFile={KnownHostsFile}' -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes "
            + "-o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=20 \"$@\"\n";
        var name = "pinned-ssh-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];
        var path = System.IO.Path.Combine(directory, name);
        if (!File.Exists(path) || File.ReadAllText(path) != script)
        {
            Directory.CreateDirectory(directory);
            var temporary = path + "." + Environment.ProcessId + ".new";
            File.WriteAllText(temporary, script);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
