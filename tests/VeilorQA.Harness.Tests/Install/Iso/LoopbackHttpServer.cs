using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VeilorQA.Harness.Tests.Install.Iso;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (one request per connection): serves the bodies it was given, 404 for any
/// other path, and can stop sending part-way through a body to play a stalled transfer.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, (byte[] Body, int? StallAfter)> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Requests => Volatile.Read(ref _requests);

    public string UrlOf(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>; with <paramref name="stallAfter"/>, sends only that many bytes and then nothing.</summary>
    public void Serve(string path, byte[] body, int? stallAfter = null) => _routes[path] = (body, stallAfter);

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream);
                Interlocked.Increment(ref _requests);
                var path = request.Split(' ')[1];
                if (!_routes.TryGetValue(path, out var route))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                    return;
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {route.Body.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(route.Body.AsMemory(0, route.StallAfter ?? route.Body.Length), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                if (route.StallAfter is not null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("client closed before the end of the request head");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
