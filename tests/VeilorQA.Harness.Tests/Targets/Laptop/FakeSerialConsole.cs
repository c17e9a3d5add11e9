using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VeilorQA.Harness.Tests.Targets.Laptop;

/// <summary>A serial-over-TCP port like a lab terminal server's: prints what the test says and records the line typed back.</summary>
internal sealed class FakeSerialConsole : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<NetworkStream> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private TcpClient? _accepted;

    public FakeSerialConsole()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task PrintAsync(string text)
    {
        var stream = await _client.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads what the harness types until a newline.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        var stream = await _client.Task.WaitAsync(timeout);
        using var deadline = new CancellationTokenSource(timeout);
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, deadline.Token) == 1 && buffer[0] != '\n')
        {
            line.Append((char)buffer[0]);
        }

        return line.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _accepted?.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            _accepted = await _listener.AcceptTcpClientAsync(_stop.Token);
            _client.TrySetResult(_accepted.GetStream());
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _client.TrySetCanceled();
        }
    }
}
