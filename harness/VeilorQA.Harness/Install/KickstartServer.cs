using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VeilorQA.Harness.Install;

/// <summary>
/// Serves one kickstart over HTTP on 127.0.0.1 (a user-mode-networking guest reaches it as 10.0.2.2) for
/// <c>inst.ks=http://…</c>; every other path is 404. Minimal HTTP/1.0 on a TcpListener: no outside address is ever bound.
/// </summary>
public sealed class KickstartServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[] _body;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    private KickstartServer(string file)
    {
        _body = File.ReadAllBytes(file);
        _path = "/" + Path.GetFileName(file);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(_stop.Token));
    }

    /// <summary>The loopback port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many times the kickstart was fetched.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts serving <paramref name="file"/> at <c>/FILE-NAME</c>.</summary>
    public static KickstartServer Start(string file) => new(file);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && request.Length < 16384)
                {
                    var n = await stream.ReadAsync(buffer, timeout.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                var first = request.ToString().Split("\r\n")[0].Split(' ');
                var found = first.Length >= 2 && first[0] is "GET" or "HEAD" && first[1] == _path;
                var payload = found ? _body : Encoding.ASCII.GetBytes("not found\n");
                var head = $"HTTP/1.0 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/plain\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                if (first[0] != "HEAD")
                {
                    await stream.WriteAsync(payload, timeout.Token);
                }

                if (found)
                {
                    Interlocked.Increment(ref _requests);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
