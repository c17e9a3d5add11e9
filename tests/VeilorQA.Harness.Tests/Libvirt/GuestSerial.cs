using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Machines;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>A test-side client for the tiny guest's root shell on its serial unix socket (the harness's own console lives in Channels/).</summary>
internal sealed partial class GuestSerial : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _consumed;
    private int _commands;

    private GuestSerial(Socket socket)
    {
        this._socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<GuestSerial> ConnectAsync(VirtualMachine vm)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(vm.SerialSocketPath ?? throw new InvalidOperationException($"{vm} has no serial socket.")));
        return new GuestSerial(socket);
    }

    public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Runs a shell command and returns its output (between two markers only the shell's expansion can print).</summary>
    public async Task<string> RunAsync(string command, TimeSpan? timeout = null)
    {
        var n = Interlocked.Increment(ref _commands);
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
            lock (_received)
            {
                var match = pattern.Match(_received.ToString(), _consumed);
                if (match.Success)
                {
                    _consumed = match.Index + match.Length;
                    return match;
                }

                if (DateTime.UtcNow > deadline)
                {
                    // Carriage returns from the shell's line editing would hide most of the tail in a report.
                    var text = _received.ToString().Replace("\r", string.Empty, StringComparison.Ordinal);
                    throw new WaitTimeoutException($"/{pattern}/ on the serial console", timeout, text[Math.Max(0, text.Length - 2000)..]);
                }
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            var n = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return;
            }

            lock (_received)
            {
                _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
    }
}
