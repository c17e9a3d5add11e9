using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Channels.Shell;

[Category("Integration")]
public class SshShellTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private SshServer _server = null!;
    private string _scratch = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await SshServer.StartAsync();
        _scratch = Path.Combine(_server.Directory, "scratch");
        Directory.CreateDirectory(_scratch);
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_command_returns_its_exit_code_stdout_and_stderr()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);

        var result = await shell.RunAsync("echo to-out; echo to-err >&2; exit 3", Generous);

        result.ExitCode.Should().Be(3);
        result.StandardOutput.Should().Be("to-out\n");
        result.StandardError.Should().Be("to-err\n");
        result.Elapsed.Should().BePositive();
        result.Succeeded.Should().BeFalse();
        shell.Endpoint.Should().Be($"root@127.0.0.1:{_server.Port}");
        shell.HostKey.Should().Be(_server.HostKey);
    }

    [Test]
    public async Task A_command_that_outlives_its_timeout_fails_with_its_output_so_far()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        var watch = Stopwatch.StartNew();

        var run = () => shell.RunAsync("echo started-sleeping; sleep 30", TimeSpan.FromSeconds(1));

        var thrown = (await run.Should().ThrowAsync<WaitTimeoutException>()).Which;
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        thrown.WaitedFor.Should().Contain("sleep 30");
        thrown.LastSeen.Should().Contain("started-sleeping");
        (await shell.RunAsync("echo still usable", Generous)).StandardOutput.Should().Be("still usable\n");
    }

    [Test]
    public async Task A_secret_in_a_command_is_masked_in_the_result()
    {
        var secret = new Secret("pass-" + Guid.NewGuid().ToString("N")[..10]);
        Redactor.Global.Register(secret);
        await using var shell = await SshShell.ConnectAsync(_server.Options);

        var result = await shell.RunAsync($"echo {secret.Reveal()}; exit 1", Generous);

        result.Command.Should().Be("echo ******; exit 1");
        result.StandardOutput.Should().Be("******\n");
        var thrown = () => result.EnsureSuccess();
        thrown.Should().Throw<ShellCommandException>().Which.Message.Should().NotContain(secret.Reveal());
    }

    [Test]
    public async Task A_file_round_trips_through_sftp()
    {
        var original = Path.Combine(_scratch, "original.bin");
        var back = Path.Combine(_scratch, "back", "copy.bin");
        await File.WriteAllBytesAsync(original, RandomNumberGenerator.GetBytes(300_000));
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        var remote = Path.Combine(_scratch, "remote dir's file.bin");

        await shell.UploadAsync(original, remote);
        await shell.DownloadAsync(remote, back);

        (await File.ReadAllBytesAsync(back)).Should().Equal(await File.ReadAllBytesAsync(original));
        shell.UsesExecTransfer.Should().BeFalse();
        (await shell.RunAsync($"sha256sum {ShellQuote.Single(remote)}", Generous)).StandardOutput
            .Should().StartWith(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(original))));
    }

    [Test]
    public async Task Without_an_sftp_server_files_round_trip_through_cat()
    {
        await using var noSftp = await SshServer.StartAsync(withSftp: false);
        var original = Path.Combine(noSftp.Directory, "original.bin");
        var remote = Path.Combine(noSftp.Directory, "it's remote.bin");
        var back = Path.Combine(noSftp.Directory, "back.bin");
        await File.WriteAllBytesAsync(original, RandomNumberGenerator.GetBytes(200_000));
        await using var shell = await SshShell.ConnectAsync(noSftp.Options);

        await shell.UploadAsync(original, remote);
        await shell.DownloadAsync(remote, back);

        shell.UsesExecTransfer.Should().BeTrue();
        (await File.ReadAllBytesAsync(back)).Should().Equal(await File.ReadAllBytesAsync(original));
    }

    [Test]
    public async Task Downloading_a_missing_file_names_it()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        var local = Path.Combine(_scratch, "never.bin");

        var download = () => shell.DownloadAsync("/nonexistent/veilorqa.log", local);

        (await download.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain("/nonexistent/veilorqa.log");
        File.Exists(local).Should().BeFalse();
    }

    [Test]
    public async Task A_wrong_key_gives_one_clear_error()
    {
        var wrongKey = Path.Combine(_scratch, "wrong_ed25519");
        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", wrongKey], Generous);

        var connect = () => SshShell.ConnectAsync(_server.Options with { PrivateKeyFile = wrongKey });

        var thrown = (await connect.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.KeyRejected);
        thrown.Message.Should().Be($"key rejected for user root at 127.0.0.1:{_server.Port} (key file {wrongKey})");
    }

    [Test]
    public async Task A_missing_key_file_is_named()
    {
        var connect = () => SshShell.ConnectAsync(_server.Options with { PrivateKeyFile = "/nonexistent/id_ed25519" });

        var thrown = (await connect.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.KeyFileUnusable);
        thrown.Message.Should().StartWith($"key file /nonexistent/id_ed25519 for root@127.0.0.1:{_server.Port} unusable:");
    }

    [Test]
    public async Task A_changed_host_key_gives_one_clear_error()
    {
        var pinned = _server.HostKey;
        await _server.ReplaceHostKeyAsync();

        var connect = () => SshShell.ConnectAsync(_server.Options with { PinnedHostKey = pinned });

        var thrown = (await connect.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.HostKeyChanged);
        thrown.Message.Should().Be($"host key of 127.0.0.1:{_server.Port} changed: expected {pinned}, got {_server.HostKey} (pinned)");
    }

    [Test]
    public async Task A_key_trusted_on_first_use_stays_pinned_for_the_run()
    {
        var store = new HostKeyTrustStore();
        var options = _server.Options with { PinnedHostKey = null, TrustHostKeyOnFirstUse = true, TrustStore = store };
        var first = _server.HostKey;
        await using (var shell = await SshShell.ConnectAsync(options))
        {
            shell.HostKey.Should().Be(first);
        }

        await _server.ReplaceHostKeyAsync();
        var again = () => SshShell.ConnectAsync(options);

        var thrown = (await again.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.HostKeyChanged);
        thrown.Message.Should().Contain($"expected {first}, got {_server.HostKey}").And.Contain("trusted on first use");
        store.Find($"127.0.0.1:{_server.Port}").Should().Be(first);
    }

    [Test]
    public async Task A_closed_port_gives_one_clear_unreachable_error()
    {
        var port = SshServer.FreePort();

        var connect = () => SshShell.ConnectAsync(_server.Options with { Port = port });

        var thrown = (await connect.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.Unreachable);
        thrown.Message.Should().Be($"host 127.0.0.1:{port} unreachable: connection refused");
    }

    [Test]
    public async Task A_server_that_never_answers_times_out_as_unreachable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var connect = () => SshShell.ConnectAsync(_server.Options with { Port = port, ConnectTimeout = TimeSpan.FromSeconds(1) });

        var thrown = (await connect.Should().ThrowAsync<SshConnectException>()).Which;
        thrown.Failure.Should().Be(SshConnectFailure.Unreachable);
        thrown.Message.Should().Be($"host 127.0.0.1:{port} unreachable: timed out after 1 s");
    }

    [Test]
    public async Task Waiting_for_a_host_that_stays_down_reports_what_each_attempt_saw()
    {
        var port = SshServer.FreePort();
        await using var shell = new SshShell(_server.Options with { Port = port });

        var wait = () => shell.WaitUntilReachableAsync(TimeSpan.FromSeconds(1.5));

        var thrown = (await wait.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.WaitedFor.Should().StartWith($"SSH at root@127.0.0.1:{port} (polled ");
        thrown.LastSeen.Should().MatchRegex($@"\[\+0\.\ds\] host 127\.0\.0\.1:{port} unreachable: connection refused \(x\d+\)");
    }

    [Test]
    public async Task Waiting_gives_up_at_once_when_the_key_is_rejected()
    {
        var wrongKey = Path.Combine(_scratch, "other_ed25519");
        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", wrongKey], Generous);
        await using var shell = new SshShell(_server.Options with { PrivateKeyFile = wrongKey });
        var watch = Stopwatch.StartNew();

        var wait = () => shell.WaitUntilReachableAsync(TimeSpan.FromSeconds(30));

        (await wait.Should().ThrowAsync<SshConnectException>()).Which.Failure.Should().Be(SshConnectFailure.KeyRejected);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task The_shell_waits_for_a_server_that_comes_up_late()
    {
        await _server.StopAsync();
        await using var shell = new SshShell(_server.Options);
        var starting = Task.Run(async () =>
        {
            await Task.Delay(1000);
            await _server.RunAsync();
        });
        var watch = Stopwatch.StartNew();

        await shell.WaitUntilReachableAsync(Generous);
        await starting;

        (await shell.RunAsync("echo up", Generous)).StandardOutput.Should().Be("up\n");
        TestContext.Out.WriteLine($"reachable {watch.Elapsed.TotalSeconds:0.00} s after the wait began (server started after 1 s)");
    }

    [Test]
    public async Task The_shell_reconnects_after_the_server_restarts()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        var bootBefore = (await shell.RunAsync("echo $PPID", Generous)).StandardOutput;

        await _server.StopAsync();
        var down = () => shell.RunAsync("true", Generous);
        (await down.Should().ThrowAsync<SshConnectException>()).Which.Failure
            .Should().BeOneOf(SshConnectFailure.ConnectionLost, SshConnectFailure.Unreachable);
        var restarting = Task.Run(async () =>
        {
            await Task.Delay(1000);
            await _server.RunAsync();
        });
        var watch = Stopwatch.StartNew();
        await shell.ReconnectAsync(Generous);
        var reconnected = watch.Elapsed;
        await restarting;

        var after = await shell.RunAsync("echo $PPID", Generous);
        after.ExitCode.Should().Be(0);
        after.StandardOutput.Should().NotBe(bootBefore);
        TestContext.Out.WriteLine($"reconnect took {reconnected.TotalSeconds:0.00} s (server down for 1 s of it)");
    }

    [Test]
    public async Task Reconnecting_to_a_running_server_is_quick()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        var watch = Stopwatch.StartNew();

        await shell.ReconnectAsync(Generous);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        (await shell.RunAsync("true", Generous)).ExitCode.Should().Be(0);
        TestContext.Out.WriteLine($"reconnect to a running sshd: {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Test]
    public async Task Round_trip_per_command_is_measured()
    {
        await using var shell = await SshShell.ConnectAsync(_server.Options);
        await shell.RunAsync("true", Generous);
        const int count = 20;
        var samples = new List<TimeSpan>(count);

        for (var i = 0; i < count; i++)
        {
            var result = await shell.RunAsync("true", Generous);
            result.ExitCode.Should().Be(0);
            samples.Add(result.Elapsed);
        }

        samples.Sort();
        var median = samples[count / 2];
        median.Should().BeLessThan(TimeSpan.FromSeconds(2));
        TestContext.Out.WriteLine(
            $"round trip per command over {count} runs: median {median.TotalMilliseconds:0.0} ms, min {samples[0].TotalMilliseconds:0.0} ms, max {samples[^1].TotalMilliseconds:0.0} ms");
    }
}
