using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Doctor.Targets;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Tests.Channels.Shell;
using VeilorQA.Harness.Tests.Targets.Laptop;
using VeilorQA.Harness.Tests.Targets.Power;

namespace VeilorQA.Harness.Tests.Doctor.Targets;

/// <summary><see cref="LaptopDoctor"/> against a real OpenSSH server on loopback, healthy and broken in each way a lab laptop breaks.</summary>
[Category("Integration")]
public class LaptopDoctorTests
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
    public async Task A_healthy_laptop_passes_every_check()
    {
        var report = await LaptopDoctor.RunAsync(LaptopBench.Laptop(_server), LaptopBench.SafeOptions(_folder));

        report.AllUsable.Should().BeTrue(string.Join("\n", report.Results));
        report.Results.Select(r => r.Name).Should().ContainInOrder(
            "SSH reachable", "SSH host key", "SSH key accepted", "sudo", "tool journalctl", "tool systemctl", "tool usbguard");
        Result(report, "SSH host key").Detail.Should().Contain(_server.HostKey.Value);
    }

    [Test]
    public async Task An_unreachable_laptop_fails_the_reachable_check_and_says_how_to_fix_it()
    {
        var report = await LaptopDoctor.RunAsync(LaptopBench.Laptop(_server, port: SshServer.FreePort()), LaptopBench.SafeOptions(_folder));

        report.AllUsable.Should().BeFalse();
        var reachable = Result(report, "SSH reachable");
        reachable.Status.Should().Be(CheckStatus.Fail);
        reachable.Detail.Should().Contain("connection refused");
        reachable.Fix.Should().Contain("sshd");
        report.Results.Should().NotContain(r => r.Name == "sudo");
    }

    [Test]
    public async Task A_refused_key_fails_the_key_check_after_reachable_and_host_key_pass()
    {
        var stranger = await LaptopBench.NewKeyAsync(_folder, "stranger_ed25519");

        var report = await LaptopDoctor.RunAsync(LaptopBench.Laptop(_server, keyFile: stranger), LaptopBench.SafeOptions(_folder));

        Result(report, "SSH reachable").Status.Should().Be(CheckStatus.Ok);
        Result(report, "SSH host key").Status.Should().Be(CheckStatus.Ok);
        var key = Result(report, "SSH key accepted");
        key.Status.Should().Be(CheckStatus.Fail);
        key.Detail.Should().Contain("key rejected");
        key.Fix.Should().Contain($"ssh-copy-id -i {stranger}.pub");
        report.AllUsable.Should().BeFalse();
    }

    [Test]
    public async Task A_changed_host_key_fails_the_host_key_check_naming_both_fingerprints()
    {
        var pinned = _server.HostKey;
        await _server.ReplaceHostKeyAsync();

        var report = await LaptopDoctor.RunAsync(LaptopBench.Laptop(_server) with { HostKeyFingerprint = pinned.Value }, LaptopBench.SafeOptions(_folder));

        var hostKey = Result(report, "SSH host key");
        hostKey.Status.Should().Be(CheckStatus.Fail);
        hostKey.Detail.Should().Contain($"expected {pinned}").And.Contain(_server.HostKey.Value);
        hostKey.Fix.Should().Contain("ssh-keyscan");
        report.AllUsable.Should().BeFalse();
    }

    [Test]
    public async Task A_declared_tpm_that_is_not_there_fails_the_tpm_check()
    {
        Assume.That(File.Exists("/dev/tpm0") || File.Exists("/dev/tpmrm0"), Is.False, "this runner has a TPM");
        var laptop = LaptopBench.Laptop(_server, capabilities: LaptopCapabilities.None with { Tpm = true });

        var report = await LaptopDoctor.RunAsync(laptop, LaptopBench.SafeOptions(_folder));

        Result(report, "tool tpm2_pcrread").Status.Should().Be(CheckStatus.Ok);
        var tpm = Result(report, "TPM");
        tpm.Status.Should().Be(CheckStatus.Fail);
        tpm.Detail.Should().Contain("/dev/tpm0");
        tpm.Fix.Should().Contain("tpm: false");
    }

    [Test]
    public async Task Declared_suspend_and_secure_boot_that_the_machine_lacks_fail_with_what_it_has()
    {
        Assume.That(File.Exists("/dev/rtc0"), Is.False, "this runner has an RTC");
        Assume.That(Directory.Exists("/sys/firmware/efi"), Is.False, "this runner booted with UEFI");
        var laptop = LaptopBench.Laptop(_server, capabilities: LaptopCapabilities.None with { Suspend = SuspendMethod.Rtcwake, SecureBoot = true });

        var report = await LaptopDoctor.RunAsync(laptop, LaptopBench.SafeOptions(_folder));

        var suspend = Result(report, "suspend (rtcwake)");
        suspend.Status.Should().Be(CheckStatus.Fail);
        suspend.Detail.Should().Contain("no /dev/rtc0");
        suspend.Fix.Should().Contain("suspend: none");
        var secureBoot = Result(report, "Secure Boot");
        secureBoot.Status.Should().Be(CheckStatus.Fail);
        secureBoot.Fix.Should().Contain("secure_boot: false");
    }

    [Test]
    public async Task The_ipmi_power_adapter_is_asked_for_its_status()
    {
        await using var bmc = await IpmiSimulator.StartAsync();
        var variable = "VEILORQA_TEST_IPMI_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, bmc.Password.Reveal());
        try
        {
            var adapter = new IpmiPowerAdapter("127.0.0.1", bmc.Port, IpmiSimulator.User, SecretReference.Environment(variable), IpmiInterface.Lanplus);
            var laptop = LaptopBench.Laptop(_server, adapters: new LaptopAdapters(adapter, null, null));

            var report = await LaptopDoctor.RunAsync(laptop, LaptopBench.SafeOptions(_folder));

            var power = Result(report, "power adapter");
            power.Status.Should().Be(CheckStatus.Ok);
            power.Detail.Should().Contain($"127.0.0.1:{bmc.Port}").And.Contain("power off");
            bmc.Calls.Should().Contain("get power");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task Adapters_are_checked_even_when_ssh_fails()
    {
        var adapters = new LaptopAdapters(
            new CommandPowerAdapter("/nonexistent/veilorqa/plug on", "/nonexistent/veilorqa/plug off", null),
            null,
            new TcpConsoleAdapter("127.0.0.1", SshServer.FreePort()));
        var laptop = LaptopBench.Laptop(_server, port: SshServer.FreePort(), adapters: adapters);

        var report = await LaptopDoctor.RunAsync(laptop, LaptopBench.SafeOptions(_folder));

        Result(report, "SSH reachable").Status.Should().Be(CheckStatus.Fail);
        var power = Result(report, "power adapter");
        power.Status.Should().Be(CheckStatus.Fail);
        power.Detail.Should().Contain("/nonexistent/veilorqa/plug");
        var console = Result(report, "console adapter");
        console.Status.Should().Be(CheckStatus.Fail);
        console.Detail.Should().Contain("ConnectionRefused");
    }

    private static CheckResult Result(DoctorReport report, string name) =>
        report.Results.Should().ContainSingle(r => r.Name == name, string.Join("\n", report.Results)).Subject;
}
