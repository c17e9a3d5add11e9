using System.CommandLine;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Cli.Commands;

/// <summary><c>matrix ci</c> (the gate's job list) and <c>matrix validate</c>'s quarantine checks.</summary>
public class MatrixGateCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("veilorqa-matrix-gate-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Ci_prints_one_job_per_default_run_of_the_real_matrix_as_one_line_of_JSON()
    {
        var (exitCode, output, error) = Invoke("ci", MatrixSamples.RealMatrix);

        exitCode.Should().Be(0, error);
        output.TrimEnd('\n').Should().NotContain("\n", "a job output ($GITHUB_OUTPUT jobs=...) must be one line");
        var jobs = CiJobList.FromJson(output);
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        jobs.Select(j => j.Run).Should().Equal(matrix.DefaultRuns.Select(r => r.Name));
        jobs.Should().ContainEquivalentOf(new CiJob("faults-combined", "refvm", "kms logs-9p firstboot usbguard suspend-wifi firewall branding tpm bootc-upgrade", "nomodeset 9p-blocked firstboot-unit-unwanted usbguard-allow-all wifi-no-resume tailscale-zone-default skel-unbranded tpm-policy-without-pcr7 update-not-finalized"));
        output.Should().StartWith("{\"include\":[{\"run\":\"reference\",\"target\":\"refvm\",");
    }

    [Test]
    public void Validate_with_an_expired_quarantine_entry_exits_2_naming_the_entry()
    {
        var matrix = CopyOfRealMatrix();
        File.WriteAllText(Path.Combine(_folder, "quarantine.yml"), """
            version: 1
            quarantine:
              - test: kms/The_kernel_command_line_has_no_nomodeset
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/9
                owner: dave
                expires: 2026-01-31
            """);

        var (exitCode, output, error) = Invoke("validate", matrix, "--today", "2026-02-01");

        exitCode.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Be(
            $"{Path.Combine(_folder, "quarantine.yml")}:6:14: quarantine[0].expires: quarantine of kms/The_kernel_command_line_has_no_nomodeset expired on 2026-01-31 "
            + $"(owner dave, https://forgejo.veilor.invalid/veilor/veilorqa/issues/9): fix the test and remove the entry, or renew it with a new date{Environment.NewLine}");
    }

    [Test]
    public void Validate_lists_quarantined_tests_in_the_summary_while_they_hold()
    {
        var matrix = CopyOfRealMatrix();
        File.WriteAllText(Path.Combine(_folder, "quarantine.yml"), """
            version: 1
            quarantine:
              - test: kms
                tracker: https://forgejo.veilor.invalid/veilor/veilorqa/issues/9
                owner: dave
                expires: 2026-01-31
            """);

        var (exitCode, output, _) = Invoke("validate", matrix, "--today", "2026-01-31");

        exitCode.Should().Be(0);
        output.Should().Contain($" 1 quarantined (kms until 2026-01-31).{Environment.NewLine}");
    }

    [Test]
    public void Validate_reads_a_quarantine_file_named_on_the_command_line()
    {
        var other = Path.Combine(_folder, "other.yml");
        File.WriteAllText(other, "version: 2\n");

        var (exitCode, _, error) = Invoke("validate", MatrixSamples.RealMatrix, "--quarantine", other);

        exitCode.Should().Be(2);
        error.Should().StartWith($"{other}:1:10: version: expected 1");
    }

    private string CopyOfRealMatrix()
    {
        var copy = Path.Combine(_folder, "TestMatrix.yml");
        // Relative paths inside the matrix resolve against its folder: keep the recipe folder reachable.
        File.WriteAllText(copy, File.ReadAllText(MatrixSamples.RealMatrix).Replace("recipe: vms/reference", $"recipe: {MatrixSamples.RepositoryRoot}/vms/reference", StringComparison.Ordinal));
        return copy;
    }

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = MatrixCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
