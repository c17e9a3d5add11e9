using System.Net;
using System.Net.Sockets;

namespace VeilorQA.Harness.Channels.Serial;

/// <summary>Where a serial console is reached: a unix socket (libvirt <c>&lt;serial type='unix' mode='bind'&gt;</c>) or TCP (a lab's serial-over-TCP).</summary>
public sealed record SerialEndpoint
{
    private SerialEndpoint(string? socketPath, string? host, int port)
    {
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    /// <summary>The unix socket path, or null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP host, or null for a unix socket endpoint.</summary>
    public string? Host { get; }

    public int Port { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>A unix stream socket the target's side listens on; the harness connects as client.</summary>
    public static SerialEndpoint UnixSocket(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"A serial socket path must be absolute, got '{path}'.", nameof(path));
        }

        return new SerialEndpoint(path, null, 0);
    }

    /// <summary>A serial console served over TCP (terminal server, ser2net, QEMU <c>-serial tcp:...,server</c>).</summary>
    public static SerialEndpoint Tcp(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new SerialEndpoint(null, host, port);
    }

    internal Socket CreateSocket() =>
        IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    internal EndPoint ToEndPoint() =>
        IsUnixSocket ? new UnixDomainSocketEndPoint(SocketPath!) : new DnsEndPoint(Host!, Port);

    public override string ToString() => IsUnixSocket ? $"unix:{SocketPath}" : $"tcp:{Host}:{Port}";
}
