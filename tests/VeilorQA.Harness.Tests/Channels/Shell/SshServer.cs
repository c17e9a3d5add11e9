using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Channels.Shell;

/// <summary>A real OpenSSH server on 127.0.0.1 with its own host key, client key and config in a temp folder.</summary>
internal sealed class SshServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private Process? _process;

    private SshServer(string directory, int port, bool withSftp)
    {
        Directory = directory;
        Port = port;
        WithSftp = withSftp;
    }

    public string Directory { get; }

    public int Port { get; }

    public bool WithSftp { get; }

    public string HostKeyFile => Path.Combine(Directory, "host_ed25519");

    public string ClientKeyFile => Path.Combine(Directory, "client_ed25519");

    public HostKeyFingerprint HostKey => HostKeyFingerprint.FromPublicKeyFile(HostKeyFile + ".pub");

    public SshShellOptions Options => new SshShellOptions("127.0.0.1", Port, "root")
    {
        PrivateKeyFile = ClientKeyFile,
        PinnedHostKey = HostKey,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<SshServer> StartAsync(bool withSftp = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"sshd-{Guid.NewGuid():N}"[..20]));
        System.IO.Directory.CreateDirectory(directory);
        var server = new SshServer(directory, FreePort(), withSftp);
        try
        {
            await GenerateKeyAsync(server.HostKeyFile);
            await GenerateKeyAsync(server.ClientKeyFile);
            File.Copy(server.ClientKeyFile + ".pub", Path.Combine(directory, "authorized_keys"));
            await File.WriteAllTextAsync(Path.Combine(directory, "sshd_config"), server.Config());
            // Debian's sshd insists on its privilege separation directory, which no running sshd made here.
            System.IO.Directory.CreateDirectory("/run/sshd");
            await server.RunAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replaces the host key (a reinstalled target, or someone in the middle).</summary>
    public async Task ReplaceHostKeyAsync()
    {
        await StopAsync();
        File.Delete(HostKeyFile);
        File.Delete(HostKeyFile + ".pub");
        await GenerateKeyAsync(HostKeyFile);
        await RunAsync();
    }

    /// <summary>Kills the server and every session it forked, as a reboot would.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        foreach (var pid in Descendants(_process.Id))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task RunAsync()
    {
        var start = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-D", "-e", "-f", Path.Combine(Directory, "sshd_config") })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited {_process.ExitCode} at start; config in {Directory}.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new TimeoutException($"sshd did not listen on {Port} within 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Config() =>
        string.Join('\n', new[]
        {
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {HostKeyFile}",
            "PidFile none",
            $"AuthorizedKeysFile {Path.Combine(Directory, "authorized_keys")}",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "LogLevel ERROR",
            WithSftp ? "Subsystem sftp /usr/lib/openssh/sftp-server" : string.Empty,
        }) + "\n";

    private static async Task GenerateKeyAsync(string path) =>
        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "veilorqa-test", "-f", path], TimeSpan.FromSeconds(20));

    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent)
                {
                    result.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }

        return result;
    }
}
