using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Channels.Serial;

/// <summary>The console against QEMU's own socket chardev (the backend of libvirt's <c>&lt;serial type='unix' mode='bind'&gt;</c>), serving the HMP monitor: no guest to boot.</summary>
[Category("Integration")]
public class SerialConsoleQemuTests
{
    private const string Qemu = "/usr/bin/qemu-system-x86_64";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Test]
    public async Task The_console_talks_to_a_qemu_socket_and_follows_it_to_a_new_qemu_at_the_same_path()
    {
        if (!File.Exists(Qemu))
        {
            Assert.Ignore($"{Qemu} is not installed.");
        }

        var path = ConsoleServer.NewSocketPath();
        var first = StartQemu(path);
        try
        {
            await using var console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(path)));
            await console.WaitForAsync(new Regex(@"QEMU \d+\.\d+\.\d+ monitor"), Generous);
            await console.WaitForAsync(new Regex(@"\(qemu\) $"), Generous);

            await console.WriteAsync("info version\n");
            var version = await console.WaitForAsync(new Regex(@"(?m)^(\d+\.\d+\.\d+)\S*.*\n\(qemu\) $"), Generous);

            await StopAsync(first);
            var second = StartQemu(path);
            try
            {
                await console.WaitForAsync(new Regex(@"QEMU \d+\.\d+\.\d+ monitor"), Generous);
                console.ConnectionCount.Should().Be(2);
                console.Transcript.Should().NotContain("\u001b").And.Contain(version.Groups[1].Value);
            }
            finally
            {
                await StopAsync(second);
            }
        }
        finally
        {
            await StopAsync(first);
            File.Delete(path);
        }
    }

    private static Process StartQemu(string socketPath)
    {
        // A socket left by the previous QEMU would make this one fail to bind.
        File.Delete(socketPath);
        var start = new ProcessStartInfo(Qemu) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-M", "none", "-display", "none", "-nodefaults", "-name", RunId.Current.Name("serial-test"), "-monitor", $"unix:{socketPath},server=on,wait=off" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
    }
}
