using System.Net;
using System.Net.Sockets;

namespace VeilorQA.Harness.Machines.Domain;

/// <summary>Finds free TCP ports on 127.0.0.1 for port forwards.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the kernel's choice; another process could still take it before QEMU binds).</summary>
    public static int Allocate()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
