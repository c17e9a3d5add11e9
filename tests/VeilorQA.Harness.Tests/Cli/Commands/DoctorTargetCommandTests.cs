using System.CommandLine;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Tests.Channels.Shell;

namespace VeilorQA.Harness.Tests.Cli.Commands;

/// <summary><c>veilorqa doctor --target NAME</c> on a matrix whose laptop is a real sshd on loopback.</summary>
[Category("Integration")]
public class DoctorTargetCommandTests
{
    private SshServer _server = null!;

    [SetUp]
    public async Task StartServer() => _server = await SshServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_healthy_laptop_exits_zero_and_says_it_is_usable()
    {
        var (exitCode, output, _) = await InvokeAsync(_server.Port);

        exitCode.Should().Be(0, output);
        output.Should().Contain("OK    SSH reachable").And.Contain("target bench usable");
    }

    [Test]
    public async Task An_unreachable_laptop_exits_one_and_names_the_failed_check()
    {
        var (exitCode, output, _) = await InvokeAsync(SshServer.FreePort());

        exitCode.Should().Be(1);
        output.Should().Contain("FAIL  SSH reachable").And.Contain("fix: ").And.Contain("target bench NOT usable");
    }

    [Test]
    public async Task An_unknown_target_exits_two_listing_the_known_ones()
    {
        var (exitCode, _, error) = await InvokeAsync(_server.Port, "nosuch");

        exitCode.Should().Be(2);
        error.Should().Contain("no target 'nosuch'").And.Contain("bench");
    }

    [Test]
    public async Task A_vm_target_is_sent_to_the_runner_checks()
    {
        var (exitCode, _, error) = await InvokeAsync(_server.Port, "vm");

        exitCode.Should().Be(2);
        error.Should().Contain("is a vm");
    }

    private async Task<(int ExitCode, string Output, string Error)> InvokeAsync(int port, string target = "bench")
    {
        var matrix = Path.Combine(_server.Directory, "TestMatrix.yml");
        await File.WriteAllTextAsync(matrix, $"""
            version: 1
            default_target: vm
            artifacts:
              ref: {"{"}kind: reference-guest, recipe: recipe{"}"}
            targets:
              vm:
                kind: vm
                artifact: ref
                memory_mib: 512
                disks: [{"{"}size_gib: 4{"}"}]
              bench:
                kind: laptop
                host: 127.0.0.1
                port: {port}
                user: root
                key_file: {_server.ClientKeyFile}
                host_key_fingerprint: {_server.HostKey}
                timeouts: {"{"}connect_s: 5, command_s: 20, boot_s: 10, resume_s: 10{"}"}
            suites:
              kms:
            runs:
              only: {"{"}target: bench, suites: [kms]{"}"}
            """);
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await DoctorCommand.Create().Parse(["--target", target, "--matrix", matrix])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
