using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Tests.Targets.Power;

/// <summary>OpenIPMI's BMC simulator (<c>ipmi_sim</c>) on 127.0.0.1, whose chassis power is a file a control script creates and removes.</summary>
internal sealed class IpmiSimulator : IAsyncDisposable
{
    public const string User = "qa-admin";
    private Process? _process;

    private IpmiSimulator(string directory, int port, Secret password)
    {
        Directory = directory;
        Port = port;
        Password = password;
    }

    public string Directory { get; }

    public int Port { get; }

    public Secret Password { get; }

    /// <summary>Exists while the simulated machine is powered.</summary>
    public string PowerFile => Path.Combine(Directory, "power");

    /// <summary>Every request the BMC passed to its chassis control script, one per line (<c>set power 1</c>, <c>set shutdown 1</c>, ...).</summary>
    public string[] Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile) : [];

    public IpmiPowerOptions Options => new("127.0.0.1", Port, User, Password) { CommandTimeout = TimeSpan.FromSeconds(15), PollInterval = TimeSpan.FromMilliseconds(200) };

    private string CallsFile => Path.Combine(Directory, "calls.log");

    public static async Task<IpmiSimulator> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"ipmisim-{Guid.NewGuid():N}"[..20]));
        System.IO.Directory.CreateDirectory(directory);
        var simulator = new IpmiSimulator(directory, FreeUdpPort(), new Secret("bmc-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            await simulator.WriteFilesAsync();
            await simulator.RunAsync();
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Simulates the OS shutting down by itself after an ACPI soft-off, unless told to ignore it.</summary>
    public void IgnoreSoftOff() => File.WriteAllText(Path.Combine(Directory, "ignore-soft"), string.Empty);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            _process = null;
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task WriteFilesAsync()
    {
        var script = Path.Combine(Directory, "chassis.sh");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            # ipmi_sim calls: chassis.sh get power | chassis.sh set power 0|1 | set shutdown 1 | set reset 1
            dir='{{Directory}}'
            echo "$*" >> "$dir/calls.log"
            op=$1; shift
            case $op in
              get)
                for p in "$@"; do
                  case $p in
                    power) if [ -e "$dir/power" ]; then echo "power:1"; else echo "power:0"; fi ;;
                  esac
                done ;;
              set)
                while [ $# -gt 1 ]; do
                  case $1 in
                    power) if [ "$2" = 1 ]; then touch "$dir/power"; else rm -f "$dir/power"; fi ;;
                    shutdown) [ -e "$dir/ignore-soft" ] || rm -f "$dir/power" ;;
                    reset) touch "$dir/reset-seen" ;;
                  esac
                  shift 2
                done ;;
            esac
            exit 0

            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await File.WriteAllTextAsync(Path.Combine(Directory, "lan.conf"), $"""
            name "{Path.GetFileName(Directory)}"
            set_working_mc 0x20
              startlan 1
                addr 127.0.0.1 {Port}
                priv_limit admin
                allowed_auths_callback none md2 md5 straight
                allowed_auths_user none md2 md5 straight
                allowed_auths_operator none md2 md5 straight
                allowed_auths_admin none md2 md5 straight
                guid a123456789abcdefa123456789abcdef
              endlan
              chassis_control "{script}"
              user 2 true "{User}" "{Password.Reveal()}" admin 10 none md2 md5 straight

            """);
        // Without mc_setbmc, ipmi_sim 1.0.13 crashes on mc_add.
        await File.WriteAllTextAsync(Path.Combine(Directory, "bmc.emu"), """
            mc_setbmc 0x20
            mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
            mc_enable 0x20

            """);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "state"));
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo("ipmi_sim")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-c", Path.Combine(Directory, "lan.conf"), "-f", Path.Combine(Directory, "bmc.emu"), "-s", Path.Combine(Directory, "state"), "-n" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var probe = new IpmiPower(Options with { Retries = 0, RequestTimeoutSeconds = 1, CommandTimeout = TimeSpan.FromSeconds(3) });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ipmi_sim exited {_process.ExitCode} at start; config in {Directory}.");
            }

            try
            {
                await probe.GetStateAsync();
                return;
            }
            catch (ExternalCommandException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
