using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Channels.Serial;

/// <summary>A serial console over a unix socket or TCP: buffered reader, expect-style waits, redacted timestamped transcript, reconnect.</summary>
/// <remarks>
/// A background loop connects as a client and reads until disposed; when the socket drops (VM
/// reboot keeps it, a restored VM makes a new one at the same path) it connects again with backoff.
/// Waits match the text seen since the last consumed match, with escape sequences removed, and also
/// inside an unfinished line: systemd-cryptsetup's passphrase prompt ends without a newline.
/// </remarks>
public sealed class SerialConsole : ISerialConsole
{
    private readonly SerialConsoleOptions _options;
    private readonly ConsoleTranscript _transcript;
    private readonly RawConsoleBytes _raw;
    private readonly AnsiEscapeFilter _filter = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly object _gate = new();
    private readonly StringBuilder _unconsumed = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _connected = NewSignal();
    private CancellationTokenSource _connection;
    private SerialEndpoint _endpoint;
    private Socket? _socket;
    private string _lastConnectError = "no attempt yet";
    private int _connectionCount;
    private long _lastOutputTimestamp;
    private int _disposed;

    private SerialConsole(SerialConsoleOptions options)
    {
        options.Validate();
        _options = options;
        _endpoint = options.Endpoint;
        _connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _transcript = new ConsoleTranscript(options.Redactor, options.TimeProvider, options.TranscriptPath);
        _raw = new RawConsoleBytes(options.RawBytesKept);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts reading; the console keeps trying to connect in the background until disposed.</summary>
    public static SerialConsole Open(SerialConsoleOptions options) => new(options);

    /// <summary>Starts reading and waits for the first connection.</summary>
    /// <exception cref="WaitTimeoutException">No connection within <paramref name="timeout"/>; carries the last connect error.</exception>
    public static async Task<SerialConsole> ConnectAsync(SerialConsoleOptions options, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var console = new SerialConsole(options);
        try
        {
            await console.WaitUntilConnectedAsync(timeout, cancellationToken);
            return console;
        }
        catch
        {
            await console.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the console currently connects.</summary>
    public SerialEndpoint Endpoint
    {
        get
        {
            lock (_gate)
            {
                return _endpoint;
            }
        }
    }

    public bool IsConnected => Volatile.Read(ref _socket) is not null;

    /// <summary>How many times a connection was established (1 after the first connect; more after reconnects).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <inheritdoc />
    public string Transcript => _transcript.Text;

    /// <inheritdoc />
    public long? FindEcho(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return _raw.Find(Encoding.UTF8.GetBytes(secret.Reveal()));
    }

    /// <summary>Switches to another socket (a restored VM copy whose XML names a new path); output already buffered stays matchable.</summary>
    public void Retarget(SerialEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        CancellationTokenSource old;
        lock (_gate)
        {
            _endpoint = endpoint;
            old = _connection;
            _connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        }

        // Not disposed: the read loop may still be registering on its token.
        old.Cancel();
    }

    /// <summary>Waits until a connection is up.</summary>
    /// <exception cref="WaitTimeoutException">Carries the last connect error and the transcript tail.</exception>
    public async Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task connected;
        lock (_gate)
        {
            connected = _connected.Task;
        }

        try
        {
            await connected.WaitAsync(timeout, _options.TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new WaitTimeoutException($"a connection to serial console {Endpoint}", timeout, LastSeen());
        }
    }

    /// <inheritdoc />
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var deadline = _options.TimeProvider.GetTimestamp();
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Task changed;
            lock (_gate)
            {
                var match = pattern.Match(_unconsumed.ToString());
                if (match.Success)
                {
                    _unconsumed.Remove(0, match.Index + match.Length);
                    return match;
                }

                changed = _changed.Task;
            }

            var remaining = timeout - _options.TimeProvider.GetElapsedTime(deadline);
            if (remaining <= TimeSpan.Zero)
            {
                throw new WaitTimeoutException($"/{pattern}/ on serial console {Endpoint}", timeout, LastSeen());
            }

            try
            {
                await changed.WaitAsync(remaining, _options.TimeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Loop once more: output may have arrived right at the deadline.
            }
        }
    }

    /// <inheritdoc />
    public Task WriteAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendAsync(text, ">> " + Visible(text), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The socket stays open afterwards: closing right after the write drops bytes the guest has not read yet.</remarks>
    public async Task WriteSecretLineAsync(Secret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _options.Redactor.Register(secret);
        _transcript.NoteSecretTyped(secret);

        // systemd's password prompt is printed BEFORE the tty's echo is switched off: keys typed in that window
        // come back as clear text on the console (and into every log of it). Typing only once the console has
        // been quiet for a moment leaves the asker time to switch echo off.
        try
        {
            await WaitForQuietAsync(_options.SecretSettleTime, _options.SecretSettleLimit, cancellationToken);
        }
        catch (WaitTimeoutException)
        {
            // A console that never settles (a log flood) must not keep the disk locked: type anyway after the limit.
        }

        await SendAsync(secret.Reveal() + "\n", ">> " + Secret.Mask + "\\n", cancellationToken);
    }

    /// <inheritdoc />
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quiet, TimeSpan.Zero);
        var clock = _options.TimeProvider;
        await new Poll($"serial console {Endpoint} to fall quiet for {quiet.TotalSeconds:0.#} s", timeout).On(clock)
            .UntilAsync(_ =>
            {
                var sinceOutput = clock.GetElapsedTime(Interlocked.Read(ref _lastOutputTimestamp));
                return Task.FromResult(sinceOutput >= quiet
                    ? PollOutcome<bool>.Done(true)
                    : PollOutcome<bool>.NotYet($"output {sinceOutput.TotalSeconds:0.0} s ago:\n{LastSeen()}", quiet - sinceOutput));
            }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
        }

        // Wake pending waits so they end now instead of at their deadline.
        changed.TrySetResult();
        try
        {
            await _readLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is how the loop ends.
        }

        _transcript.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private async Task SendAsync(string text, string transcriptEvent, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await WaitUntilConnectedAsync(_options.WriteTimeout, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(text);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var socket = Volatile.Read(ref _socket) ?? throw new IOException($"Serial console {Endpoint} disconnected before the write.");
            _transcript.AppendEvent(transcriptEvent);
            var sent = 0;
            try
            {
                while (sent < bytes.Length)
                {
                    sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                throw new IOException($"Write to serial console {Endpoint} failed after {sent} of {bytes.Length} bytes: {e.Message}", e);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var delay = _options.ReconnectDelay;
        while (!_stop.IsCancellationRequested)
        {
            SerialEndpoint endpoint;
            CancellationToken token;
            lock (_gate)
            {
                endpoint = _endpoint;
                token = _connection.Token;
            }

            var socket = endpoint.CreateSocket();
            try
            {
                await socket.ConnectAsync(endpoint.ToEndPoint(), token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                _lastConnectError = e is SocketException se ? Describe(se) : "retargeted";
                await PauseAsync(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                continue;
            }

            delay = _options.ReconnectDelay;
            _decoder.Reset();
            _filter.Reset();
            var count = Interlocked.Increment(ref _connectionCount);
            if (count > 1)
            {
                _transcript.AppendEvent($"-- serial console reconnected to {endpoint} --");
            }

            lock (_gate)
            {
                Volatile.Write(ref _socket, socket);
                _connected.TrySetResult();
            }

            var reason = "closed by the other end";
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
                    if (n == 0)
                    {
                        break;
                    }

                    _raw.Append(buffer.AsSpan(0, n));
                    var charCount = _decoder.GetChars(buffer, 0, n, chars, 0, flush: false);
                    OnOutput(_filter.Filter(new string(chars, 0, charCount)));
                }
            }
            catch (OperationCanceledException)
            {
                reason = _stop.IsCancellationRequested ? "console closed" : "retargeted";
            }
            catch (SocketException e)
            {
                reason = Describe(e);
            }

            lock (_gate)
            {
                Volatile.Write(ref _socket, null);
                _connected = NewSignal();
            }

            await _writeLock.WaitAsync();
            try
            {
                socket.Dispose();
            }
            finally
            {
                _writeLock.Release();
            }

            _lastConnectError = $"connection {reason}";
            if (!_stop.IsCancellationRequested)
            {
                _transcript.AppendEvent($"-- serial console {endpoint} {reason}; reconnecting --");
                await PauseAsync(delay);
            }
        }
    }

    private void OnOutput(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _unconsumed.Append(text);
            if (_unconsumed.Length > _options.MaxUnconsumedChars)
            {
                _unconsumed.Remove(0, _unconsumed.Length - _options.MaxUnconsumedChars);
            }

            _transcript.AppendOutput(text);
            Interlocked.Exchange(ref _lastOutputTimestamp, _options.TimeProvider.GetTimestamp());
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private async Task PauseAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _options.TimeProvider, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposal interrupts the pause; the loop condition ends the loop.
        }
    }

    private string LastSeen()
    {
        var state = IsConnected ? $"connected to {Endpoint}" : $"not connected to {Endpoint} ({_lastConnectError})";
        var tail = _transcript.Tail(_options.LastLinesOnTimeout);
        return tail.Length == 0 ? $"(no console output; {state})" : $"{tail}\n({state})";
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable or SocketError.HostNotFound => $"address not available: {e.Message}",
        SocketError.ConnectionReset => "connection reset",
        _ => e.Message,
    };

    private static string Visible(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
