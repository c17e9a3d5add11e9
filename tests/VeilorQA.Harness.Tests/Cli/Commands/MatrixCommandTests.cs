using System.CommandLine;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Cli.Commands;

public class MatrixCommandTests
{
    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = MatrixCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Test]
    public void Validate_prints_the_one_error_and_exits_2_on_a_malformed_file()
    {
        var file = MatrixSamples.Path("wrong-type.yml");

        var (exitCode, output, error) = Invoke("validate", file);

        exitCode.Should().Be(2);
        error.Should().Be($"{file}:22:17: targets.refvm.memory_mib: expected an integer 256..65536, got 'lots'{Environment.NewLine}");
        output.Should().BeEmpty();
    }

    [Test]
    public void Validate_prints_a_summary_and_exits_0_on_the_real_matrix()
    {
        var (exitCode, output, error) = Invoke("validate", MatrixSamples.RealMatrix);

        exitCode.Should().Be(0);
        error.Should().BeEmpty();
        output.Should().StartWith($"{MatrixSamples.RealMatrix}: valid. 5 artifacts, 5 targets (3 vm, 2 laptop), 12 suites, 18 faults, 24 runs")
            .And.Contain("default target refvm");
    }

    [Test]
    [NonParallelizable] // changes the process's working folder
    public void Validate_without_a_file_reads_TestMatrix_yml_in_the_working_folder()
    {
        var previous = Directory.GetCurrentDirectory();
        var folder = Directory.CreateTempSubdirectory("veilorqa-matrix-cli-");
        try
        {
            Directory.SetCurrentDirectory(folder.FullName);

            var (exitCode, _, error) = Invoke("validate");

            exitCode.Should().Be(2);
            error.Should().StartWith("TestMatrix.yml:0:0: (file): expected a readable matrix file (a regular file), got no such file");
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void List_prints_targets_by_suites_with_expected_outcomes()
    {
        var (exitCode, output, _) = Invoke("list", "--all", MatrixSamples.RealMatrix);

        exitCode.Should().Be(0);
        var lines = output.Split(Environment.NewLine);
        lines[0].Should().MatchRegex("^target +install +boot-luks +tpm +logs-9p +kms +firstboot +suspend-wifi +usbguard +bootc-upgrade +branding +firewall +health$");
        lines.Should().Contain(l => l.StartsWith("refvm ", StringComparison.Ordinal) && l.Contains("pass,fail", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("veilor-vm ", StringComparison.Ordinal) && l.Contains("skip(wifi)", StringComparison.Ordinal));
        lines.Should().Contain("run laptop-loopback: refvm-over-ssh (not default)");
    }

    [Test]
    public void List_of_the_default_run_shows_only_the_reference_guest()
    {
        var (_, output, _) = Invoke("list", MatrixSamples.RealMatrix);

        output.Should().Contain("refvm ").And.NotContain("refvm-over-ssh").And.NotContain("lab-x1");
    }
}
