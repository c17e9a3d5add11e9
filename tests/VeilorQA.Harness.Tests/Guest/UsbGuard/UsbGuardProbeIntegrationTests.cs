using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.UsbGuard;

namespace VeilorQA.Harness.Tests.Guest.UsbGuard;

/// <summary>The USBGuard probe against the real daemon, fed QEMU-like devices through umockdev (this host has no USB bus).</summary>
[Category("Integration")]
public class UsbGuardProbeIntegrationTests
{
    [Test]
    public async Task The_daemon_allows_the_listed_keyboard_and_blocks_the_unknown_stick()
    {
        HostTool.Require("usbguard-daemon", "usbguard");
        HostTool.Require("umockdev-wrapper", "umockdev");
        var shell = new LocalBashShell();
        if ((await shell.RunAsync(UsbGuardProbe.ListRules, TimeSpan.FromSeconds(10))).Succeeded)
        {
            Assert.Ignore("A usbguard daemon already answers on this host; its IPC name is global, so this test would read that one.");
        }

        using var dir = new ScratchDirectory("usbguard");
        Directory.CreateDirectory(dir.File("devices"));
        foreach (var device in new[] { "hub", "kbd", "stick" })
        {
            File.WriteAllText(dir.File($"devices/{device}.umockdev"), Sample.Read($"usbguard/{device}.umockdev"));
        }

        File.WriteAllText(dir.File("rules.conf"), Sample.Read("usbguard/rules.conf"));
        File.WriteAllText(dir.File("daemon.conf"), string.Join('\n',
            $"RuleFile={dir.File("rules.conf")}", "ImplicitPolicyTarget=block", "PresentDevicePolicy=apply-policy",
            "PresentControllerPolicy=apply-policy", "InsertedDevicePolicy=apply-policy", "RestoreControllerDeviceState=false",
            "DeviceManagerBackend=umockdev", "IPCAllowedUsers=root", "DeviceRulesWithPort=false", "AuditBackend=FileAudit",
            $"AuditFilePath={dir.File("audit.log")}", string.Empty));
        // The daemon refuses configuration readable by others.
        (await shell.RunAsync($"chmod 600 {dir.File("daemon.conf")} {dir.File("rules.conf")}", TimeSpan.FromSeconds(10))).EnsureSuccess();
        var start = new ProcessStartInfo("umockdev-wrapper", ["usbguard-daemon", "-k", "-P", "-c", dir.File("daemon.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["USBGUARD_UMOCKDEV_DEVICEDIR"] = dir.File("devices");
        using var daemon = Process.Start(start)!;
        try
        {
            var probe = new UsbGuardProbe(shell);
            var devices = await RetryUntilAnsweringAsync(() => probe.ListDevicesAsync());
            var policy = await probe.ListRulesAsync();

            devices.Single(d => d.Id == "0627:0001").IsAllowed.Should().BeTrue();
            devices.Single(d => d.Id == "46f4:0001").Should().Match<UsbDevice>(d => !d.IsAllowed && d.Serial == "veilorqa-unknown-7" && d.ViaPort == "3-2");
            policy.EveryAllowRuleNamesAnId().Passed.Should().BeTrue();
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    // The daemon needs a moment to enumerate devices and open its IPC; bounded retries of the real command.
    private static async Task<IReadOnlyList<UsbDevice>> RetryUntilAnsweringAsync(Func<Task<IReadOnlyList<UsbDevice>>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var devices = await read();
                if (devices.Count >= 3 || attempt >= 50)
                {
                    return devices;
                }
            }
            catch (VeilorQA.Harness.Capabilities.ShellCommandException) when (attempt < 50)
            {
            }

            await Task.Delay(100);
        }
    }
}
