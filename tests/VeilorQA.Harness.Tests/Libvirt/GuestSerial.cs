using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Machines;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>A test-side client for the tiny guest's root shell on its serial unix socket (the harness's own console lives in Channels/).</summary>
internal sealed partial class GuestSerial : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly StringBuilder received = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;
    private int consumed;
    private int commands;

    private GuestSerial(Socket socket)
    {
        this.socket = socket;
        reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<GuestSerial> ConnectAsync(VirtualMachine vm)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(vm.SerialSocketPath ?? throw new InvalidOperationException($"{vm} has no serial socket.")));
        return new GuestSerial(socket);
    }

    public async Task SendAsync(string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Runs a shell command and returns its output (between two markers only the shell's expansion can print).</summary>
    public async Task<string> RunAsync(string command, TimeSpan? timeout = null)
    {
        var n = Interlocked.Increment(ref commands);
        await SendAsync($"echo B{n}-$((1+{n})); {command}; echo E{n}-$?-$((2+{n}))\n");
        var match = await WaitForAsync(new Regex($@"B{n}-{1 + n}\r?\n(?<out>[\s\S]*?)E{n}-(?<rc>\d+)-{2 + n}"), timeout ?? TimeSpan.FromSeconds(60));
        return match.Groups["out"].Value.Replace("\r", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Runs a command until its output satisfies <paramref name="done"/>.</summary>
    public async Task<string> PollAsync(string command, Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = await RunAsync(command);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(500);
        }

        throw new WaitTimeoutException($"'{command}' to give the expected output", timeout, last);
    }

    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (received)
            {
                var match = pattern.Match(received.ToString(), consumed);
                if (match.Success)
                {
                    consumed = match.Index + match.Length;
                    return match;
                }

                if (DateTime.UtcNow > deadline)
                {
                    // Carriage returns from the shell's line editing would hide most of the tail in a report.
                    var text = received.ToString().Replace("\r", string.Empty, StringComparison.Ordinal);
                    throw new WaitTimeoutException($"/{pattern}/ on the serial console", timeout, text[Math.Max(0, text.Length - 2000)..]);
                }
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Dispose();
        try
        {
            await reader;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            var n = await socket.ReceiveAsync(buffer, stop.Token);
            if (n == 0)
            {
                return;
            }

            lock (received)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
    }
}
