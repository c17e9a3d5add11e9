using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Cli.Commands;

public class RunCommandTests
{
    [Test]
    public async Task A_missing_matrix_is_one_error_naming_the_file_and_exit_2()
    {
        using var output = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), $"veilorqa-{Guid.NewGuid():N}", "TestMatrix.yml");

        var exit = await RunCommand.RunAsync(Request(missing, MatrixSelection.Default), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Trim().Should().StartWith("veilorqa run: ").And.Contain(missing).And.NotContain("\n");
    }

    [Test]
    public async Task A_malformed_matrix_is_its_one_error_with_file_line_and_field()
    {
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Request(MatrixSamples.Path("wrong-type.yml"), MatrixSelection.Default), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Should().Contain("wrong-type.yml:22:17").And.Contain("targets.refvm.memory_mib");
    }

    [TestCase("no-such-run", "run")]
    [TestCase("refvm-typo", "target")]
    public async Task An_unknown_run_or_target_is_named_with_what_the_matrix_defines(string name, string kind)
    {
        using var output = new StringWriter();
        var selection = kind == "run" ? new MatrixSelection([name], [], [], []) : new MatrixSelection([], [name], [], []);

        var exit = await RunCommand.RunAsync(Request(MatrixSamples.RealMatrix, selection), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Should().Contain($"No {kind} named '{name}' in the matrix; defined: ");
    }

    [Test]
    public async Task A_fault_on_a_laptop_target_is_refused_naming_the_target()
    {
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Request(MatrixSamples.RealMatrix, new MatrixSelection([], ["lab-x1"], [], ["nomodeset"])), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Should().Contain("Target 'lab-x1' cannot switch faults");
    }

    [Test]
    public async Task The_self_test_switch_with_a_named_run_is_one_error_and_exit_2_before_anything_boots()
    {
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Request(MatrixSamples.RealMatrix, MatrixSelection.Default with { SelfTest = true, Runs = ["reference"] }), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Trim().Should().StartWith("veilorqa run: --self-test").And.NotContain("\n");
    }

    [Test]
    public void The_release_suites_read_the_very_run_the_command_resolved_from_one_variable()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var run = RunResolver.Resolve(matrix, MatrixSamples.RealMatrix, MatrixSelection.Default with { Faults = ["nomodeset"] }).Single();
        var runDir = Directory.CreateTempSubdirectory("veilorqa-run-").FullName;
        try
        {
            var process = RunCommand.ReleaseSuitesProcess("Release.csproj", run, runDir, Path.Combine(runDir, "allure-results"));

            process.Environment.Should().ContainKey(ResolvedRunFile.EnvironmentVariable)
                .And.NotContainKeys("VEILORQA_RUN", "VEILORQA_TARGET", "VEILORQA_SUITES", "VEILORQA_FAULTS", "VEILORQA_MATRIX");
            var read = ReleaseRun.Resolve(name => process.Environment.TryGetValue(name, out var value) ? value : null);
            read.Should().Be(run);
            read.Name.Should().Be("adhoc-refvm");
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
    }

    private static RunCommand.RunRequest Request(string matrix, MatrixSelection selection) =>
        new(new FileInfo(matrix), selection, new DirectoryInfo(Path.Combine(Path.GetTempPath(), $"veilorqa-run-{Guid.NewGuid():N}")));
}
