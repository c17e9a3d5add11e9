using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>Runs tests/VeilorQA.Reporting.Sample with <c>dotnet test</c> into a fresh results folder.</summary>
/// <remarks>
/// The sample's tests fail on purpose, so it is a test project only with -p:VeilorQaSample=true: built
/// like any project, run only from here. It is built in the configuration of the running tests so an
/// up-to-date solution build costs nothing extra.
/// </remarks>
internal static class SampleSuiteRun
{
    public static string Project => Path.Combine(SourceFolder.RepositoryRoot, "tests", "VeilorQA.Reporting.Sample", "VeilorQA.Reporting.Sample.csproj");

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static async Task<TimeSpan> BuildAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var build = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["build", Project, "-c", Configuration, "-nologo", "-v:q", "-clp:ErrorsOnly"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the sample suite failed ({build.ExitCode}):\n{build.StandardOutput}{build.StandardError}");
        }

        return clock.Elapsed;
    }

    /// <summary>Runs the sample (optionally filtered) and returns its results folder and the dotnet test output.</summary>
    public static async Task<(string Results, string Output, TimeSpan Took)> RunAsync(string resultsFolder, string? filter, CancellationToken ct)
    {
        var arguments = new List<string> { "test", Project, "-c", Configuration, "--no-build", "-nologo", "-p:VeilorQaSample=true" };
        if (filter is not null)
        {
            arguments.AddRange(["--filter", filter]);
        }

        var clock = Stopwatch.StartNew();
        var run = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(arguments)
            .WithEnvironmentVariables(e => e.Set(AllureResultsDirectory.Variable, resultsFolder))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, ct);
        var output = run.StandardOutput + run.StandardError;

        // The sample fails on purpose (exit 1); anything else (no tests found, a crash) is a broken run.
        if (run.ExitCode != 1 || !output.Contains("Total:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"dotnet test of the sample exited {run.ExitCode} without a test summary:\n{output}");
        }

        return (resultsFolder, output, clock.Elapsed);
    }
}
