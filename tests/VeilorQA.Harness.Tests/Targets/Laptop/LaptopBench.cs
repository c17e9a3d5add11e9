using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Tests.Channels.Shell;

namespace VeilorQA.Harness.Tests.Targets.Laptop;

/// <summary>Matrix laptops pointing at a test <see cref="SshServer"/>, and target options that never reboot or power off the machine running the tests.</summary>
internal static class LaptopBench
{
    public static LaptopTimeouts FastTimeouts { get; } =
        new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));

    public static LaptopEntry Laptop(
        SshServer server,
        string name = "bench-x1",
        LaptopCapabilities? capabilities = null,
        LaptopAdapters? adapters = null,
        LaptopTimeouts? timeouts = null,
        SecretReference? luks = null,
        int? port = null,
        string? keyFile = null) =>
        new(name, null, "127.0.0.1", port ?? server.Port, "root", keyFile ?? server.ClientKeyFile, false, server.HostKey.Value, null, luks,
            capabilities ?? LaptopCapabilities.None, timeouts ?? FastTimeouts, adapters ?? LaptopAdapters.None);

    /// <summary>The sshd under test runs on this machine as root: reboot and power-off only write marker files.</summary>
    public static SshTargetOptions SafeOptions(string folder) => new()
    {
        WorkDirectory = Path.Combine(folder, "work"),
        RebootCommand = $"touch {Path.Combine(folder, "reboot-asked")}",
        PowerOffCommand = $"touch {Path.Combine(folder, "poweroff-asked")}",
        ShutdownSettle = TimeSpan.Zero,
        ConfigureShell = o => o with { InitialRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500) },
    };

    public static async Task<string> NewKeyAsync(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "veilorqa-test", "-f", path], TimeSpan.FromSeconds(20));
        return path;
    }
}
