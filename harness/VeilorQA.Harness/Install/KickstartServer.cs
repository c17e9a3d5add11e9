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
    private readonly TcpListener listener;
    private readonly byte[] body;
    private readonly string path;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int requests;

    private KickstartServer(string file)
    {
        body = File.ReadAllBytes(file);
        path = "/" + Path.GetFileName(file);
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        loop = Task.Run(() => ServeAsync(stop.Token));
    }

    /// <summary>The loopback port.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many times the kickstart was fetched.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Starts serving <paramref name="file"/> at <c>/FILE-NAME</c>.</summary>
    public static KickstartServer Start(string file) => new(file);

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
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
                var found = first.Length >= 2 && first[0] is "GET" or "HEAD" && first[1] == path;
                var payload = found ? body : Encoding.ASCII.GetBytes("not found\n");
                var head = $"HTTP/1.0 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/plain\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                if (first[0] != "HEAD")
                {
                    await stream.WriteAsync(payload, timeout.Token);
                }

                if (found)
                {
                    Interlocked.Increment(ref requests);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
