using System.Net.Sockets;
using System.Text;
using VeilorQA.Harness.Doctor.Distribution;

namespace VeilorQA.Harness.Doctor;

/// <summary>
/// Checks that a Docker API answers where Testcontainers looks for it (<c>DOCKER_HOST</c>, else
/// <c>/var/run/docker.sock</c>): dockerd on Debian, podman's Docker-compatible service on Fedora, where there is no
/// dockerd. Pings the API itself (<c>GET /_ping</c>) rather than running a CLI, because the API is what the tests use.
/// </summary>
public sealed class ContainerEngineCheck(HostDistribution distribution, string? dockerHost = null) : IPrerequisiteCheck
{
    /// <summary>The socket Testcontainers and the docker CLI use when <c>DOCKER_HOST</c> is not set.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Where scripts/setup.sh starts podman's Docker API on Fedora.</summary>
    public const string PodmanSocket = "/run/podman/podman.sock";

    public string Name => "container engine (Docker API)";

    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var host = dockerHost ?? Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = string.IsNullOrWhiteSpace(host) ? "unix://" + DefaultSocket : host.Trim();
        var fix = distribution.Family == DistributionFamily.Fedora
            ? $"scripts/setup.sh starts 'podman system service' on {PodmanSocket} and exports DOCKER_HOST=unix://{PodmanSocket} ({distribution.Install(RunnerPackages.ContainerEngine)})"
            : $"scripts/setup.sh starts containerd and dockerd ({distribution.Install(RunnerPackages.ContainerEngine)})";
        if (!endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            return CheckResult.Warn(Name, $"DOCKER_HOST={endpoint} is not a unix socket; not probed", fix);
        }

        var socket = endpoint["unix://".Length..];
        if (!File.Exists(socket))
        {
            return CheckResult.Fail(Name, $"no socket at {socket} (DOCKER_HOST={host ?? "unset"})", fix);
        }

        try
        {
            var (status, server) = await PingAsync(socket, TimeSpan.FromSeconds(5), cancellationToken);
            return status == 200
                ? CheckResult.Ok(Name, $"{endpoint} answers /_ping ({server ?? "server unnamed"})")
                : CheckResult.Fail(Name, $"{endpoint} answered /_ping with HTTP {status}", fix);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return CheckResult.Fail(Name, $"{endpoint} does not answer: {e.Message}", fix);
        }
    }

    /// <summary>HTTP status of <c>GET /_ping</c> on the unix socket and the <c>Server</c> header (Docker/…, Libpod/…).</summary>
    internal static async Task<(int Status, string? Server)> PingAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
        await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
        var response = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0 && response.Length < 65536)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return ParseResponse(response.ToString());
    }

    internal static (int Status, string? Server) ParseResponse(string response)
    {
        var lines = response.Split("\r\n");
        var statusLine = lines[0].Split(' ');
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], out var code) ? code : 0;
        var server = lines.Skip(1).TakeWhile(l => l.Length > 0)
            .FirstOrDefault(l => l.StartsWith("Server:", StringComparison.OrdinalIgnoreCase))?["Server:".Length..].Trim();
        return (status, server);
    }
}
