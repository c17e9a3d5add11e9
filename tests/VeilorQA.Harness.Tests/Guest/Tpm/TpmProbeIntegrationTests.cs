using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Tpm;

namespace VeilorQA.Harness.Tests.Guest.Tpm;

/// <summary>The TPM probe's own commands against a real swtpm through tpm2-tools.</summary>
[Category("Integration")]
public class TpmProbeIntegrationTests
{
    [Test]
    public async Task Pcr_7_extended_with_the_logs_digests_matches_the_logs_replay()
    {
        HostTool.Require("swtpm", "swtpm");
        HostTool.Require("tpm2_pcrread", "tpm2-tools");
        using var state = new ScratchDirectory("swtpm");
        var port = HostTool.FreeTcpPort();
        // The swtpm TCTI of tpm2-tools always finds the control channel on the next port.
        var ctrl = port + 1;
        using var swtpm = Process.Start(new ProcessStartInfo("swtpm",
            ["socket", "--tpm2", "--tpmstate", $"dir={state.Path}", "--server", $"type=tcp,port={port},bindaddr=127.0.0.1",
             "--ctrl", $"type=tcp,port={ctrl},bindaddr=127.0.0.1", "--flags", "not-need-init,startup-clear"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var shell = new LocalBashShell($"export TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port={port}; ");
            var probe = new TpmProbe(shell);
            var log = TpmEventLog.Parse(Sample.Read("tpm/eventlog-secureboot.yaml"));
            var fresh = await RetryUntilListeningAsync(() => probe.ReadPcrsAsync("sha256", [7]));
            fresh.IsZero("sha256", 7).Should().BeTrue();

            foreach (var e in log.EventsFor(7))
            {
                (await shell.RunAsync($"tpm2_pcrextend 7:sha256={e.Digests["sha256"]}", TimeSpan.FromSeconds(10))).EnsureSuccess();
            }

            var measured = await probe.ReadPcrsAsync("sha256", [7]);
            log.ReplayMatches(measured, "sha256", 7).Should().BeTrue();
        }
        finally
        {
            swtpm.Kill();
            await swtpm.WaitForExitAsync();
        }
    }

    // swtpm takes a moment to listen; a bounded number of tries, each a real command.
    private static async Task<PcrReading> RetryUntilListeningAsync(Func<Task<PcrReading>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (VeilorQA.Harness.Capabilities.ShellCommandException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }
}
