using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Channels.Shell;

/// <summary>Where and how an <see cref="SshShell"/> connects; defaults are documented on each property.</summary>
/// <remarks>
/// Authentication is by private key file only: SSH.NET 2026.0.0 has no ssh-agent client. A lab that
/// keeps keys in an agent exports a key file path instead (<see cref="WithKeyFileFromEnvironment"/>).
/// The host key is either pinned (<see cref="PinnedHostKey"/>) or trusted on first use and pinned for
/// the rest of the run (<see cref="TrustHostKeyOnFirstUse"/>); one of the two is required.
/// </remarks>
public sealed record SshShellOptions
{
    /// <summary>Environment variable consulted by <see cref="WithKeyFileFromEnvironment"/> by default.</summary>
    public const string KeyFileVariable = "VEILORQA_SSH_KEY";

    public SshShellOptions(string host, int port, string user)
    {
        Host = host;
        Port = port;
        User = user;
    }

    public string Host { get; init; }

    public int Port { get; init; }

    public string User { get; init; }

    /// <summary>Private key file (OpenSSH, PEM or PuTTY format, as SSH.NET reads them). Required.</summary>
    public string? PrivateKeyFile { get; init; }

    /// <summary>Passphrase of <see cref="PrivateKeyFile"/>; none by default.</summary>
    public Secret? PrivateKeyPassphrase { get; init; }

    /// <summary>The expected host key fingerprint (<c>SHA256:...</c>); a different key fails the connection.</summary>
    public HostKeyFingerprint? PinnedHostKey { get; init; }

    /// <summary>Accept the first host key seen for <c>host:port</c> in this run and pin it in <see cref="TrustStore"/>. Default off.</summary>
    public bool TrustHostKeyOnFirstUse { get; init; }

    /// <summary>Where first-use keys are pinned. Default <see cref="HostKeyTrustStore.Run"/>.</summary>
    public HostKeyTrustStore TrustStore { get; init; } = HostKeyTrustStore.Run;

    /// <summary>Bound of one connection attempt (TCP connect, handshake and authentication). Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening a channel (one command, one transfer) may take on a connected session; a loaded TCG guest is slow.</summary>
    public TimeSpan ChannelOpenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep-alive interval, so a session whose target rebooted is noticed. Default 10 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First pause between connection attempts while waiting for a target; doubles up to <see cref="MaxRetryDelay"/>. Default 250 ms.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the retry backoff. Default 4 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Clock for backoff and deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary><c>user@host:port</c>.</summary>
    public string Endpoint => $"{User}@{HostAndPort}";

    /// <summary><c>host:port</c>, the key of host key pins.</summary>
    public string HostAndPort => $"{Host}:{Port}";

    /// <summary>Takes the key file path from an environment variable (an agent's key exported as a file for the run).</summary>
    /// <exception cref="InvalidOperationException">The variable is unset or empty.</exception>
    public SshShellOptions WithKeyFileFromEnvironment(string variable = KeyFileVariable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"No SSH key file for {Endpoint}: environment variable {variable} is not set.");
        }

        return this with { PrivateKeyFile = path };
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("An SSH host is required.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"SSH port of {Host} must be 1-65535.");
        }

        if (string.IsNullOrWhiteSpace(User))
        {
            throw new ArgumentException($"An SSH user for {Host} is required.", nameof(User));
        }

        if (string.IsNullOrWhiteSpace(PrivateKeyFile))
        {
            throw new ArgumentException($"A private key file for {Endpoint} is required (SSH.NET has no ssh-agent support; set {KeyFileVariable} or the target's key file).", nameof(PrivateKeyFile));
        }

        if ((PinnedHostKey is null) == !TrustHostKeyOnFirstUse)
        {
            throw new ArgumentException(
                PinnedHostKey is null
                    ? $"The host key of {HostAndPort} must be pinned (SHA256:...) or trusted on first use."
                    : $"The host key of {HostAndPort} is pinned; trust on first use cannot be on as well.",
                nameof(PinnedHostKey));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialRetryDelay, TimeSpan.Zero, nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, InitialRetryDelay, nameof(MaxRetryDelay));
        ArgumentNullException.ThrowIfNull(TrustStore);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
