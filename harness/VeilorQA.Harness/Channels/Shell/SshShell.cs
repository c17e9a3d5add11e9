using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Channels.Shell;

/// <summary>A target's shell over SSH (SSH.NET): commands with exit code and output, SFTP or <c>cat</c> file transfer, host key pinning, reconnect with backoff.</summary>
/// <remarks>
/// Connection failures are one-line <see cref="SshConnectException"/>s that say what happened —
/// unreachable (refused, timed out, reset), key rejected, host key changed — so a lab run can tell an
/// unplugged laptop from a product failure. Commands, output and messages pass through
/// <see cref="Redactor.Global"/>, so a secret in a command line never reaches a report.
/// </remarks>
public sealed class SshShell : IShell
{
    private readonly SshShellOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SshClient? _client;
    private SftpClient? _sftp;
    private bool _sftpUnavailable;
    private int _disposed;

    public SshShell(SshShellOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Creates a shell and connects once.</summary>
    /// <exception cref="SshConnectException">The single attempt failed; the message says why.</exception>
    public static async Task<SshShell> ConnectAsync(SshShellOptions options, CancellationToken cancellationToken = default)
    {
        var shell = new SshShell(options);
        try
        {
            await shell.ConnectAsync(cancellationToken);
            return shell;
        }
        catch
        {
            await shell.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public string Endpoint => _options.Endpoint;

    /// <summary>The host key the server presented on the last connection, or null before the first.</summary>
    public HostKeyFingerprint? HostKey { get; private set; }

    /// <summary>True when the last upload or download had to use <c>cat</c> because the server has no SFTP subsystem (e.g. dropbear).</summary>
    public bool UsesExecTransfer => _sftpUnavailable;

    /// <summary>Connects now unless connected; one attempt.</summary>
    /// <exception cref="SshConnectException">The attempt failed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await EnsureConnectedLockedAsync(_options.ConnectTimeout, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Retries connecting with exponential backoff until connected or <paramref name="timeout"/> expires (a booting or resuming target).</summary>
    /// <exception cref="WaitTimeoutException">Expired; lists what each attempt saw (connection refused, timed out, ...).</exception>
    /// <exception cref="SshConnectException">The key was rejected, the host key changed or the key file is unusable: waiting would not help.</exception>
    public async Task WaitUntilReachableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_client is { IsConnected: true })
            {
                return;
            }

            await ConnectWithBackoffLockedAsync(timeout, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="WaitTimeoutException">Expired; lists what each attempt saw.</exception>
    public async Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            DropLocked();
            await ConnectWithBackoffLockedAsync(timeout, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="WaitTimeoutException">The command did not finish in time; carries its output so far. The remote command is signalled to stop.</exception>
    /// <exception cref="SshConnectException">Not connected and connecting failed, or the connection dropped during the command.</exception>
    public async Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunOnceAsync(command, timeout, cancellationToken);
        }
        catch (SshOperationTimeoutException)
        {
            // A session that outlived a suspend (or a stalled guest) can look connected yet never open a channel:
            // drop it and run the command once more on a fresh connection.
            await DropSessionAsync();
            return await RunOnceAsync(command, timeout, cancellationToken);
        }
    }

    private async Task DropSessionAsync()
    {
        await _gate.WaitAsync();
        try
        {
            DropLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ShellResult> RunOnceAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var client = await ClientAsync(cancellationToken);
        using var ssh = client.CreateCommand(command);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = _options.TimeProvider.GetTimestamp();
        try
        {
            await ssh.ExecuteAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seen = $"stdout:\n{Tail(SafeRead(() => ssh.Result))}\nstderr:\n{Tail(SafeRead(() => ssh.Error))}";
            throw new WaitTimeoutException($"'{Redact(command)}' on {Endpoint} to finish", timeout, seen);
        }
        catch (Exception e) when (e is SshConnectionException or SocketException or ObjectDisposedException)
        {
            throw new SshConnectException(SshConnectFailure.ConnectionLost, Endpoint, $"connection to {Endpoint} lost while running '{Redact(command)}': {e.Message}", e);
        }

        var elapsed = _options.TimeProvider.GetElapsedTime(started);
        var stderr = ssh.Error;
        var exitCode = ssh.ExitStatus ?? -1;
        if (ssh.ExitStatus is null)
        {
            stderr += ssh.ExitSignal is null ? "\n(no exit status reported)" : $"\n(killed by signal {ssh.ExitSignal})";
        }

        return new ShellResult(Redact(command), exitCode, Redact(ssh.Result), Redact(stderr), elapsed);
    }

    /// <inheritdoc />
    /// <remarks>SFTP when the server offers it; otherwise <c>cat &gt; path</c> over an exec channel.</remarks>
    public async Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        await using var source = File.OpenRead(localPath);
        var sftp = await SftpAsync(cancellationToken);
        if (sftp is not null)
        {
            try
            {
                await sftp.UploadFileAsync(source, remotePath, cancellationToken);
                return;
            }
            catch (SshException e) when (e is not SshConnectionException)
            {
                throw new IOException($"upload of {localPath} to {Endpoint}:{remotePath} failed: {e.Message}", e);
            }
        }

        var client = await ClientAsync(cancellationToken);
        using var ssh = client.CreateCommand($"cat > {ShellQuote.Single(remotePath)}");
        var running = ssh.ExecuteAsync(cancellationToken);
        await using (var input = ssh.CreateInputStream())
        {
            await source.CopyToAsync(input, cancellationToken);
        }

        await running;
        if (ssh.ExitStatus != 0)
        {
            throw new IOException($"upload of {localPath} to {Endpoint}:{remotePath} failed: 'cat' exited {ssh.ExitStatus}: {ssh.Error.Trim()}");
        }
    }

    /// <inheritdoc />
    /// <remarks>SFTP when the server offers it; otherwise <c>cat path</c> over an exec channel.</remarks>
    public async Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(localPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var sftp = await SftpAsync(cancellationToken);
        if (sftp is not null)
        {
            try
            {
                await using var target = File.Create(localPath);
                await sftp.DownloadFileAsync(remotePath, target, cancellationToken);
                return;
            }
            catch (SshException e) when (e is not SshConnectionException)
            {
                File.Delete(localPath);
                throw new IOException($"download of {Endpoint}:{remotePath} to {localPath} failed: {e.Message}", e);
            }
        }

        var client = await ClientAsync(cancellationToken);
        using var ssh = client.CreateCommand($"cat {ShellQuote.Single(remotePath)}");
        await using (var target = File.Create(localPath))
        {
            var running = ssh.ExecuteAsync(cancellationToken);
            await ssh.OutputStream.CopyToAsync(target, cancellationToken);
            await running;
        }

        if (ssh.ExitStatus != 0)
        {
            File.Delete(localPath);
            throw new IOException($"download of {Endpoint}:{remotePath} to {localPath} failed: 'cat' exited {ssh.ExitStatus}: {ssh.Error.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            DropLocked();
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    private async Task<SshClient> ClientAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await EnsureConnectedLockedAsync(_options.ConnectTimeout, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The SFTP client, or null when the server has no SFTP subsystem.</summary>
    private async Task<SftpClient?> SftpAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_sftpUnavailable)
            {
                return null;
            }

            if (_sftp is { IsConnected: true })
            {
                return _sftp;
            }

            _sftp?.Dispose();
            _sftp = null;
            var sftp = new SftpClient(CreateConnectionInfo());
            try
            {
                await ConnectClientAsync(sftp, _options.ConnectTimeout, cancellationToken);
            }
            catch (SshConnectException e) when (e.InnerException is SshException inner && inner is not (SshConnectionException or SshAuthenticationException))
            {
                // The session came up but the subsystem request was refused: no sftp-server (dropbear, minimal images).
                sftp.Dispose();
                _sftpUnavailable = true;
                return null;
            }
            catch
            {
                sftp.Dispose();
                throw;
            }

            _sftp = sftp;
            return sftp;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SshClient> EnsureConnectedLockedAsync(TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        DropLocked();
        var client = new SshClient(CreateConnectionInfo());
        try
        {
            await ConnectClientAsync(client, attemptTimeout, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        client.KeepAliveInterval = _options.KeepAliveInterval;
        _client = client;
        return client;
    }

    private async Task ConnectWithBackoffLockedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var seen = new AttemptLog(time, time.GetTimestamp());
        await new Poll($"SSH at {Endpoint}", timeout).WithBackoff(_options.InitialRetryDelay, _options.MaxRetryDelay).On(time)
            .UntilAsync(async (attempt, ct) =>
            {
                // A look at the deadline has no time left to connect in.
                if (attempt.Remaining <= TimeSpan.Zero)
                {
                    return PollOutcome<bool>.NotYet(seen.Describe());
                }

                try
                {
                    await EnsureConnectedLockedAsync(attempt.Remaining < _options.ConnectTimeout ? attempt.Remaining : _options.ConnectTimeout, ct);
                    return PollOutcome<bool>.Done(true);
                }
                catch (SshConnectException e) when (e.Failure is SshConnectFailure.Unreachable)
                {
                    // Every attempt, not just the last: "refused ×40, then timed out" tells a dead sshd from a hung guest.
                    seen.Add(e.Message);
                    return PollOutcome<bool>.NotYet(seen.Describe());
                }
            }, cancellationToken);
    }

    private ConnectionInfo CreateConnectionInfo()
    {
        PrivateKeyFile key;
        try
        {
            key = _options.PrivateKeyPassphrase is null
                ? new PrivateKeyFile(_options.PrivateKeyFile!)
                : new PrivateKeyFile(_options.PrivateKeyFile!, _options.PrivateKeyPassphrase.Reveal());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SshException or InvalidOperationException or NotSupportedException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new SshConnectException(
                SshConnectFailure.KeyFileUnusable,
                Endpoint,
                $"key file {_options.PrivateKeyFile} for {Endpoint} unusable: {Redact(e.Message)}",
                e);
        }

        // SSH.NET bounds the handshake AND every later channel open by this timeout. A TCG guest on a loaded
        // runner can take longer than a connect attempt to open a channel, so it is the longer of the two;
        // each connect attempt's own deadline token still cuts the handshake short.
        var timeout = _options.ChannelOpenTimeout > _options.ConnectTimeout ? _options.ChannelOpenTimeout : _options.ConnectTimeout;
        return new PrivateKeyConnectionInfo(_options.Host, _options.Port, _options.User, key) { Timeout = timeout };
    }

    private async Task ConnectClientAsync(BaseClient client, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var hostAndPort = _options.HostAndPort;
        HostKeyFingerprint? expected = null;
        HostKeyFingerprint? presented = null;
        var banner = false;
        client.ServerIdentificationReceived += (_, _) => banner = true;
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyFingerprint.FromBase64(e.FingerPrintSHA256);
            expected = _options.PinnedHostKey ?? _options.TrustStore.PinOnFirstUse(hostAndPort, presented);
            e.CanTrust = expected == presented;
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(attemptTimeout);
        try
        {
            await client.ConnectAsync(deadline.Token);
            HostKey = presented;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(banner ? $"SSH handshake timed out after {Seconds(attemptTimeout)}" : $"timed out after {Seconds(attemptTimeout)}");
        }
        catch (SshOperationTimeoutException e)
        {
            throw Unreachable(banner ? $"SSH handshake timed out after {Seconds(attemptTimeout)}" : $"timed out after {Seconds(attemptTimeout)}", e);
        }
        catch (SocketException e)
        {
            throw Unreachable(Describe(e), e);
        }
        catch (SshAuthenticationException e)
        {
            throw new SshConnectException(
                SshConnectFailure.KeyRejected,
                Endpoint,
                $"key rejected for user {_options.User} at {hostAndPort} (key file {_options.PrivateKeyFile})",
                e);
        }
        catch (SshConnectionException e) when (presented is not null && expected is not null && presented != expected)
        {
            var how = _options.PinnedHostKey is null ? "trusted on first use in this run" : "pinned";
            throw new SshConnectException(
                SshConnectFailure.HostKeyChanged,
                Endpoint,
                $"host key of {hostAndPort} changed: expected {expected}, got {presented} ({how})",
                e);
        }
        catch (SshConnectionException e)
        {
            // QEMU's user-mode port forward accepts and then drops the connection while the guest's sshd is down.
            throw Unreachable($"connection closed before the SSH handshake completed ({e.Message})", e);
        }
        catch (SshException e)
        {
            throw new SshConnectException(SshConnectFailure.Unreachable, Endpoint, $"SSH session with {hostAndPort} failed: {e.Message}", e);
        }
    }

    private SshConnectException Unreachable(string what, Exception? inner = null) =>
        new(SshConnectFailure.Unreachable, Endpoint, $"host {_options.HostAndPort} unreachable: {what}", inner);

    private void DropLocked()
    {
        _sftp?.Dispose();
        _sftp = null;
        _client?.Dispose();
        _client = null;
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.TimedOut => "timed out",
        SocketError.HostUnreachable => "no route to host",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not resolved",
        _ => e.Message,
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string Redact(string text) => Redactor.Global.Redact(text);

    private static string Tail(string text) => text.Length <= 2000 ? Redact(text) : "..." + Redact(text[^2000..]);

    private static string SafeRead(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return string.Empty;
        }
    }

    /// <summary>What each connection attempt of a wait saw, with repeats collapsed, for the timeout message.</summary>
    private sealed class AttemptLog(TimeProvider time, long started)
    {
        private readonly List<(TimeSpan At, string What, int Count)> _entries = [];

        public void Add(string what)
        {
            if (_entries.Count > 0 && _entries[^1].What == what)
            {
                _entries[^1] = _entries[^1] with { Count = _entries[^1].Count + 1 };
                return;
            }

            _entries.Add((time.GetElapsedTime(started), what, 1));
        }

        public string Describe()
        {
            if (_entries.Count == 0)
            {
                return "(no connection attempt finished)";
            }

            var sb = new StringBuilder();
            foreach (var (at, what, count) in _entries)
            {
                sb.Append(CultureInfo.InvariantCulture, $"[+{at.TotalSeconds:0.0}s] {what}");
                sb.Append(count > 1 ? $" (x{count})\n" : "\n");
            }

            return sb.ToString().TrimEnd();
        }
    }
}
