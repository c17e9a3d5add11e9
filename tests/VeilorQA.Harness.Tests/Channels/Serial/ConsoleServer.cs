using System.Net;
using System.Net.Sockets;
using System.Text;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Channels.Serial;

/// <summary>The guest side of a serial console: a real listening socket (unix or TCP) that the console under test connects to.</summary>
internal sealed class ConsoleServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly StringBuilder _received = new();
    private readonly string? _socketPath;
    private readonly CancellationTokenSource _stop = new();
    private Socket _listener;
    private Socket? _client;
    private TaskCompletionSource<Socket> _clientArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _acceptLoop;

    private ConsoleServer(Socket listener, string? socketPath, SerialEndpoint endpoint)
    {
        _listener = listener;
        _socketPath = socketPath;
        Endpoint = endpoint;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener));
    }

    public SerialEndpoint Endpoint { get; }

    /// <summary>Echo what the client writes back to it, like a terminal with echo on.</summary>
    public bool Echo { get; set; }

    public int Accepted { get; private set; }

    public string Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToString();
            }
        }
    }

    public static string NewSocketPath() =>
        Path.Combine(Path.GetTempPath(), RunId.Current.Name($"serial-{Guid.NewGuid():N}"[..27] + ".sock"));

    public static ConsoleServer ListenOnUnixSocket(string? path = null)
    {
        path ??= NewSocketPath();
        return new ConsoleServer(BindUnix(path), path, SerialEndpoint.UnixSocket(path));
    }

    public static ConsoleServer ListenOnTcp()
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return new ConsoleServer(listener, null, SerialEndpoint.Tcp("127.0.0.1", port));
    }

    public async Task SendAsync(string text)
    {
        var client = await ClientAsync();
        await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);
    }

    public async Task SendBytesAsync(byte[] bytes)
    {
        var client = await ClientAsync();
        await client.SendAsync(bytes, SocketFlags.None);
    }

    public async Task<string> WaitForReceivedAsync(string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var received = Received;
            if (received.Contains(expected, StringComparison.Ordinal))
            {
                return received;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The server did not receive '{expected}'; it got '{Received}'.");
    }

    /// <summary>Closes the connected client, as QEMU does when a VM is reset or destroyed.</summary>
    public async Task DropClientAsync()
    {
        var client = await ClientAsync();
        lock (_gate)
        {
            _client = null;
            _clientArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        client.Shutdown(SocketShutdown.Both);
        client.Dispose();
    }

    /// <summary>Replaces the listening socket with a new one at the same path, as a restored VM does.</summary>
    public async Task RecreateSocketAsync()
    {
        await DropClientAsync();
        _listener.Dispose();
        await _acceptLoop;
        File.Delete(_socketPath!);
        _listener = BindUnix(_socketPath!);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener));
    }

    public async Task<Socket> ClientAsync()
    {
        Task<Socket> arrived;
        lock (_gate)
        {
            arrived = _clientArrived.Task;
        }

        return await arrived.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_gate)
        {
            _client?.Dispose();
        }

        await _acceptLoop;
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }

        _stop.Dispose();
    }

    private static Socket BindUnix(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        return listener;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            TaskCompletionSource<Socket> arrived;
            lock (_gate)
            {
                _client = client;
                Accepted++;
                arrived = _clientArrived;
            }

            arrived.TrySetResult(client);
            _ = Task.Run(() => ReceiveLoopAsync(client));
        }
    }

    private async Task ReceiveLoopAsync(Socket client)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                lock (_gate)
                {
                    _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
                }

                if (Echo)
                {
                    await client.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // The test closed the client or the server.
        }
    }
}
