using NUnit.Framework;

namespace VeilorQA.Harness.Tests.Guest;

/// <summary>Integration tests run real host programs; without them the test is skipped with the package to install, never passed.</summary>
internal static class HostTool
{
    public static void Require(string program, string debianPackage)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, program)));
        if (!found)
        {
            Assert.Ignore($"'{program}' is not installed on this host (Debian package {debianPackage}).");
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
