using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Tests.Channels.Serial;

namespace VeilorQA.Harness.Tests.Guest.Luks;

/// <summary>The LUKS console waits against a real console socket, fed the reference guest's own boot output.</summary>
public class LuksConsoleWatchTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    // The reference guest's serial console (systemd 252 in dracut), a good boot and a boot with the key file in the initramfs.
    private const string Initrd =
        "[   19.715028] systemd[1]: Starting systemd-cryptsetup@luks\\x2dca28a208.service - Cryptography Setup for luks-ca28a208...\r\n" +
        "         Starting \u001b[0;1;39msystemd-cryptsetu…208-39c4-495a-ab02-fc1937fdfda8...\r\n";

    private const string Prompt = "\u001b[0;1;39mPlease enter passphrase for disk root (luks-ca28a208-39c4-495a-ab02-fc1937fdfda8): (press TAB for no echo) ";

    private const string OpenedByKeyFile =
        "[\u001b[0;32m  OK  \u001b[0m] Finished \u001b[0;1;39msystemd-cryptsetu…8a208-39c4-495a-ab02-fc1937fdfda8.\r\n" +
        "[\u001b[0;32m  OK  \u001b[0m] Reached target \u001b[0;1;39mcryptsetup.…get\u001b[0m - Local Encrypted Volumes.\r\n" +
        "[   30.175061] EXT4-fs (dm-0): mounted filesystem with ordered data mode. Quota mode: none.\r\n";

    [Test]
    public async Task The_prompt_is_the_first_sign_of_a_boot_that_asks()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync(Initrd + Prompt);
        var first = await LuksConsoleWatch.WaitForPromptOrUnlockAsync(console, Generous, "the LUKS prompt");

        first.Prompted.Should().BeTrue();
        first.Text.Should().Be("Please enter passphrase for disk");
    }

    [Test]
    public async Task A_volume_that_opens_without_a_prompt_is_reported_with_its_unlock_line_not_as_a_timeout()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync(Initrd + OpenedByKeyFile);
        var first = await LuksConsoleWatch.WaitForPromptOrUnlockAsync(console, Generous, "the LUKS prompt");

        first.Prompted.Should().BeFalse();
        first.Text.Should().StartWith("Reached target cryptsetup.…get - Local Encrypted Volumes").And.NotContain("\u001b");
    }

    [Test]
    public async Task A_console_that_shows_neither_is_an_infrastructure_timeout_carrying_the_last_lines()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync("BdsDxe: loading Boot0001 \"UEFI Misc Device\"\r\n" + Initrd);
        var wait = () => LuksConsoleWatch.WaitForPromptOrUnlockAsync(console, TimeSpan.FromSeconds(1), "the LUKS passphrase prompt after power-on");

        var thrown = await wait.Should().ThrowAsync<WaitTimeoutException>();
        thrown.Which.WaitedFor.Should().Be("the LUKS passphrase prompt after power-on (or a sign that the root volume opened without one)");
        thrown.Which.LastSeen.Should().Contain("Starting systemd-cryptsetup@");
    }

    [Test]
    public async Task Waiting_for_quiet_returns_everything_the_console_printed_before_it_fell_silent()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync(Initrd);
        await Task.Delay(300);
        await server.SendAsync(OpenedByKeyFile);
        var printed = await LuksConsoleWatch.WaitForQuietAsync(console, TimeSpan.FromSeconds(1), Generous);

        printed.Should().Contain("Starting systemd-cryptsetup@").And.Contain("EXT4-fs (dm-0): mounted filesystem");
        LuksConsoleWatch.UnlockSignIn(printed).Should().Be("Reached target cryptsetup.…get - Local Encrypted Volumes");
    }

    [Test]
    public async Task A_console_that_never_falls_quiet_times_out_with_the_tail_of_its_output()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        using var stop = new CancellationTokenSource();
        var chatter = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await server.SendAsync($"[ {i,8}.000000] rcu: still printing\r\n");
                await Task.Delay(100);
            }
        });

        var wait = () => LuksConsoleWatch.WaitForQuietAsync(console, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var thrown = await wait.Should().ThrowAsync<WaitTimeoutException>();
        await stop.CancelAsync();
        await chatter;
        thrown.Which.WaitedFor.Should().Be("the serial console to fall quiet for 1 s");
        thrown.Which.LastSeen.Should().Contain("rcu: still printing");
    }

    [Test]
    public void A_prompt_is_never_an_unlock_sign()
    {
        LuksConsoleWatch.UnlockSignIn(Initrd + Prompt).Should().BeNull();
    }

    [Test]
    public void A_file_system_mounted_on_the_mapper_is_an_unlock_sign()
    {
        LuksConsoleWatch.UnlockSignIn("[   30.175061] EXT4-fs (dm-0): mounted filesystem with ordered data mode.").Should().Be("EXT4-fs (dm-0): mounted filesystem");
    }

    [Test]
    public void Plain_cryptsetup_and_systemd_cryptsetup_prompts_are_both_the_prompt()
    {
        LuksBootMarkers.Prompt.IsMatch("Enter passphrase for /dev/nvme0n1p3: ").Should().BeTrue();
        LuksBootMarkers.Prompt.IsMatch(Prompt).Should().BeTrue();
        LuksBootMarkers.Prompt.IsMatch(OpenedByKeyFile).Should().BeFalse();
    }
}
