using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Doctor;

namespace VeilorQA.Harness.Tests.Doctor;

public class DoctorChecksTests
{
    [Test]
    public async Task A_missing_program_fails_with_the_package_to_install()
    {
        var result = await new ProgramCheck("frobnicator", "veilorqa-no-such-program", ["--version"], "apt-get install -y frob-tools").RunAsync(CancellationToken.None);
        result.Status.Should().Be(CheckStatus.Fail);
        result.Detail.Should().Contain("veilorqa-no-such-program");
        result.Fix.Should().Contain("apt-get install -y frob-tools");
    }

    [Test]
    public async Task A_program_that_runs_is_ok_with_its_first_output_line()
    {
        var result = await new ProgramCheck("bash", "bash", ["--version"], "apt-get install -y bash").RunAsync(CancellationToken.None);
        result.Status.Should().Be(CheckStatus.Ok);
        result.Detail.Should().StartWith("GNU bash");
    }

    [Test]
    public async Task A_program_exiting_non_zero_fails()
    {
        var result = await new ProgramCheck("false", "false", [], "apt-get install -y coreutils").RunAsync(CancellationToken.None);
        result.Status.Should().Be(CheckStatus.Fail);
        result.Detail.Should().Contain("exited 1");
    }

    [Test]
    public async Task A_file_check_names_every_candidate_when_none_exists()
    {
        var result = await new FileCheck("OVMF", ["/nonexistent/a.fd", "/nonexistent/b.fd"], "apt-get install -y ovmf").RunAsync(CancellationToken.None);
        result.Status.Should().Be(CheckStatus.Fail);
        result.Detail.Should().Contain("/nonexistent/a.fd").And.Contain("/nonexistent/b.fd");
    }

    [Test]
    public async Task Disk_space_below_the_minimum_fails_and_above_passes()
    {
        (await new DiskSpaceCheck("/tmp/veilorqa-doctor-test/deeper", 1).RunAsync(CancellationToken.None)).Status.Should().Be(CheckStatus.Ok);
        (await new DiskSpaceCheck("/tmp", long.MaxValue).RunAsync(CancellationToken.None)).Status.Should().Be(CheckStatus.Fail);
    }

    [Test]
    public async Task An_exception_in_a_delegate_check_becomes_a_failure_not_a_crash()
    {
        var result = await new DelegateCheck("boom", _ => throw new InvalidOperationException("libvirtd gone")).RunAsync(CancellationToken.None);
        result.Status.Should().Be(CheckStatus.Fail);
        result.Detail.Should().Be("libvirtd gone");
    }

    [Test]
    public async Task The_report_is_usable_only_without_failures()
    {
        var report = await DoctorReport.RunAsync(
            [new DelegateCheck("a", _ => Task.FromResult(CheckResult.Warn("a", "tcg"))), new DelegateCheck("b", _ => Task.FromResult(CheckResult.Ok("b", "ok")))],
            CancellationToken.None);
        report.AllUsable.Should().BeTrue();
        report.Results.Select(r => r.Name).Should().Equal("a", "b");
    }
}
