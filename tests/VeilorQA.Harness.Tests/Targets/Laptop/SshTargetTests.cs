using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Tests.Channels.Shell;

namespace VeilorQA.Harness.Tests.Targets.Laptop;

/// <summary>An <see cref="SshTarget"/> against a real OpenSSH server on loopback.</summary>
[Category("Integration")]
public class SshTargetTests
{
    private SshServer _server = null!;
    private string _folder = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await SshServer.StartAsync();
        _folder = Path.Combine(_server.Directory, "bench");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Commands_run_and_files_move_over_ssh_alone()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));
        var local = Path.Combine(_folder, "up.txt");
        await File.WriteAllTextAsync(local, "to the laptop\n");

        await target.EnsureReadyAsync();
        var result = await target.Shell.RunAsync("echo $((6*7)); exit 4", target.Timeouts.Command);
        await target.Shell.UploadAsync(local, Path.Combine(_folder, "remote.txt"));
        await target.Shell.DownloadAsync(Path.Combine(_folder, "remote.txt"), Path.Combine(_folder, "down.txt"));

        result.ExitCode.Should().Be(4);
        result.StandardOutput.Should().Be("42\n");
        (await File.ReadAllTextAsync(Path.Combine(_folder, "down.txt"))).Should().Be("to the laptop\n");
        target.Shell.Endpoint.Should().Be($"root@127.0.0.1:{_server.Port}");
        target.LaptopShell.HostKey.Should().Be(_server.HostKey);
        target.Get<IShell>().Should().BeSameAs(target.Shell);
    }

    [Test]
    public async Task An_unreachable_port_is_one_unreachable_error_naming_the_target_and_host()
    {
        var port = SshServer.FreePort();
        await using var target = new SshTarget(LaptopBench.Laptop(_server, port: port), LaptopBench.SafeOptions(_folder));

        var act = () => target.EnsureReadyAsync();

        var thrown = (await act.Should().ThrowAsync<TargetUnreachableException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.Unreachable);
        thrown.Target.Should().Be("bench-x1");
        thrown.Host.Should().Be($"127.0.0.1:{port}");
        thrown.Message.Should().Contain("bench-x1").And.Contain($"127.0.0.1:{port}").And.Contain("connection refused").And.NotContain("\n");
    }

    [Test]
    public async Task A_refused_key_is_one_wrong_key_error()
    {
        var stranger = await LaptopBench.NewKeyAsync(_folder, "stranger_ed25519");
        await using var target = new SshTarget(LaptopBench.Laptop(_server, keyFile: stranger), LaptopBench.SafeOptions(_folder));

        var act = () => target.EnsureReadyAsync();

        var thrown = (await act.Should().ThrowAsync<TargetUnreachableException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.KeyRejected);
        thrown.Message.Should().Contain("bench-x1").And.Contain($"127.0.0.1:{_server.Port}").And.Contain("key rejected").And.Contain(stranger);
    }

    [Test]
    public async Task A_changed_host_key_names_the_expected_and_the_seen_fingerprint()
    {
        var pinned = _server.HostKey;
        await _server.ReplaceHostKeyAsync();
        var seen = _server.HostKey;
        await using var target = new SshTarget(LaptopBench.Laptop(_server) with { HostKeyFingerprint = pinned.Value }, LaptopBench.SafeOptions(_folder));

        var act = () => target.EnsureReadyAsync();

        var thrown = (await act.Should().ThrowAsync<TargetUnreachableException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.HostKeyChanged);
        thrown.Message.Should().Contain("bench-x1").And.Contain($"127.0.0.1:{_server.Port}")
            .And.Contain($"expected {pinned}").And.Contain(seen.Value);
    }

    [Test]
    public async Task A_host_key_changed_between_two_connections_of_one_target_is_caught()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));
        await target.EnsureReadyAsync();
        await _server.ReplaceHostKeyAsync();

        var act = () => target.Shell.ReconnectAsync(TimeSpan.FromSeconds(5));

        (await act.Should().ThrowAsync<TargetUnreachableException>()).Which.Failure.Should().Be(SshConnectFailure.HostKeyChanged);
    }

    [TestCase("ssh-keygen")]
    [TestCase("public key line")]
    [TestCase("ssh-keyscan")]
    public async Task A_fingerprint_file_pins_the_host_key(string format)
    {
        var file = Path.Combine(_folder, "host.fingerprint");
        var text = format switch
        {
            "ssh-keygen" => $"256 {_server.HostKey} veilorqa-test (ED25519)\n",
            "public key line" => await File.ReadAllTextAsync(_server.HostKeyFile + ".pub"),
            _ => await ExternalCommand.RunCheckedAsync("ssh-keyscan", ["-t", "ed25519", "-p", _server.Port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(10)),
        };
        await File.WriteAllTextAsync(file, text);
        var laptop = LaptopBench.Laptop(_server) with { HostKeyFingerprint = null, HostKeyFingerprintFile = file };
        await using var target = new SshTarget(laptop, LaptopBench.SafeOptions(_folder));

        await target.EnsureReadyAsync();

        target.LaptopShell.HostKey.Should().Be(_server.HostKey);
    }

    [Test]
    public async Task Evidence_holds_the_journal_of_this_boot_and_notes_what_is_missing()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));
        await target.EnsureReadyAsync();
        var evidence = Path.Combine(_folder, "evidence");

        var files = await target.CollectEvidenceAsync(evidence);

        var journal = files.Should().ContainSingle(f => f.Name == "journal of this boot").Subject;
        journal.MediaType.Should().Be("text/plain");
        (await File.ReadAllTextAsync(journal.Path)).Should().NotBeEmpty();
        var notes = files.Should().ContainSingle(f => f.Name == "evidence notes").Subject;
        (await File.ReadAllTextAsync(notes.Path)).Should().Contain("no console adapter");
    }

    [Test]
    public async Task Evidence_of_an_unreachable_laptop_is_notes_not_an_exception()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server, port: SshServer.FreePort()), LaptopBench.SafeOptions(_folder));

        var files = await target.CollectEvidenceAsync(Path.Combine(_folder, "evidence"));

        var notes = files.Should().ContainSingle().Subject;
        (await File.ReadAllTextAsync(notes.Path)).Should().Contain("journal: not collected").And.Contain("unreachable");
    }

    [Test]
    public async Task A_reboot_that_never_brings_ssh_back_says_the_laptop_may_wait_at_a_luks_prompt()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));
        await target.EnsureReadyAsync();
        var goingDown = GoDownWhenAskedAsync();

        var act = () => target.RebootAsync();

        var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
        await goingDown;
        File.Exists(Path.Combine(_folder, "reboot-asked")).Should().BeTrue();
        thrown.Message.Should().Contain("bench-x1").And.Contain("no console or keyboard adapter").And.Contain("may be waiting at a LUKS prompt");
        thrown.LastSeen.Should().Contain("connection refused");
    }

    [Test]
    public async Task A_reboot_command_that_does_nothing_fails_saying_ssh_never_went_away()
    {
        await using var target = new SshTarget(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));

        var act = () => target.RebootAsync();

        var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.Message.Should().Contain("to go down").And.Contain("same boot");
    }

    [Test]
    public async Task A_luks_prompt_on_the_console_adapter_is_answered_with_the_passphrase()
    {
        await using var console = new FakeSerialConsole();
        var variable = "VEILORQA_TEST_LUKS_" + Guid.NewGuid().ToString("N")[..8];
        var passphrase = "luks-" + Guid.NewGuid().ToString("N")[..10];
        Environment.SetEnvironmentVariable(variable, passphrase);
        try
        {
            var laptop = LaptopBench.Laptop(_server, adapters: new LaptopAdapters(null, null, new TcpConsoleAdapter("127.0.0.1", console.Port)),
                luks: SecretReference.Environment(variable));
            await using var target = new SshTarget(laptop, LaptopBench.SafeOptions(_folder));
            await target.EnsureReadyAsync();
            var typed = PromptAfterGoingDownAsync(console);

            var act = () => target.RebootAsync();

            var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
            (await typed).Should().Be(passphrase);
            thrown.Message.Should().Contain("LUKS passphrase typed on the console").And.NotContain(passphrase);
            target.Get<ISerialConsole>()!.Transcript.Should().Contain(Secret.Mask).And.NotContain(passphrase);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task Power_off_asks_the_os_first_then_the_adapter_cuts_power()
    {
        var log = Path.Combine(_folder, "power.log");
        var laptop = LaptopBench.Laptop(_server, adapters: new LaptopAdapters(new CommandPowerAdapter($"echo on >> {log}", $"echo off >> {log}", null), null, null));
        await using var target = new SshTarget(laptop, LaptopBench.SafeOptions(_folder));
        var power = target.Get<IPower>()!;

        await power.PowerOffAsync(TimeSpan.FromSeconds(2));
        await power.PowerOnAsync();

        File.Exists(Path.Combine(_folder, "poweroff-asked")).Should().BeTrue();
        (await File.ReadAllLinesAsync(log)).Should().Equal("off", "on");
    }

    [Test]
    public async Task After_power_on_the_next_ensure_ready_waits_for_the_laptop_to_boot()
    {
        var poweredOn = Path.Combine(_folder, "powered-on");
        var laptop = LaptopBench.Laptop(_server, adapters: new LaptopAdapters(new CommandPowerAdapter($"touch {poweredOn}", "true", null), null, null));
        await using var target = new SshTarget(laptop, LaptopBench.SafeOptions(_folder));
        await _server.StopAsync();
        var down = () => target.EnsureReadyAsync();
        await down.Should().ThrowAsync<TargetUnreachableException>();

        await target.Get<IPower>()!.PowerOnAsync();
        var booting = BootAfterAsync(TimeSpan.FromSeconds(1));
        await target.EnsureReadyAsync();

        await booting;
        File.Exists(poweredOn).Should().BeTrue();
        (await target.Shell.RunAsync("echo up", target.Timeouts.Command)).StandardOutput.Should().Be("up\n");
    }

    private async Task BootAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        await _server.RunAsync();
    }

    /// <summary>Stops sshd once the reboot command ran, as a laptop going down would, and keeps it down.</summary>
    private async Task GoDownWhenAskedAsync()
    {
        var asked = Path.Combine(_folder, "reboot-asked");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.Exists(asked) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await _server.StopAsync();
    }

    private async Task<string> PromptAfterGoingDownAsync(FakeSerialConsole console)
    {
        await GoDownWhenAskedAsync();
        await console.PrintAsync("[  OK  ] Reached target cryptsetup-pre.target\r\nPlease enter passphrase for disk root (luks-6f1c): ");
        return await console.ReadLineAsync(TimeSpan.FromSeconds(10));
    }
}
