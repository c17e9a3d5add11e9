using System.CommandLine;
using System.Diagnostics;
using VeilorQA.Harness.Progress;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa run</c>: the QA job. Runs the release suites (tests/VeilorQA.Release) on the chosen
/// targets, shows live progress, writes Allure results, renders the report, prints the summary and
/// exits non-zero when anything failed.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the release suites on the matrix's targets (default: the reference guest)");
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml to use", DefaultValueFactory = _ => new FileInfo("TestMatrix.yml") };
        var targets = new Option<string[]>("--target") { Description = "target name(s) from the matrix (default: the matrix default)", AllowMultipleArgumentsPerToken = true };
        var suites = new Option<string[]>("--suite") { Description = "suite name(s) (default: all the plan runs on the target)", AllowMultipleArgumentsPerToken = true };
        var faults = new Option<string[]>("--fault") { Description = "switch reference-guest fault(s) on for this run", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for allure-results, allure-report and logs", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
        command.Options.Add(matrix);
        command.Options.Add(targets);
        command.Options.Add(suites);
        command.Options.Add(faults);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest(
                parse.GetValue(matrix)!,
                parse.GetValue(targets) ?? [],
                parse.GetValue(suites) ?? [],
                parse.GetValue(faults) ?? [],
                parse.GetValue(output)!);
            return await RunAsync(request, ct);
        });
        return command;
    }

    /// <summary>What the user asked <c>veilorqa run</c> for.</summary>
    internal sealed record RunRequest(FileInfo Matrix, string[] Targets, string[] Suites, string[] Faults, DirectoryInfo Output);

    internal static async Task<int> RunAsync(RunRequest request, CancellationToken ct)
    {
        var results = Path.Combine(request.Output.FullName, "allure-results");
        var progress = Path.Combine(request.Output.FullName, "progress.jsonl");
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        Directory.CreateDirectory(results);
        File.Delete(progress);

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "test", ReleaseProject(), "-c", "Release", "-nologo", "--logger", "console;verbosity=minimal" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["VEILORQA_MATRIX"] = request.Matrix.FullName;
        psi.Environment["VEILORQA_TARGETS"] = string.Join(',', request.Targets);
        psi.Environment["VEILORQA_SUITES"] = string.Join(',', request.Suites);
        psi.Environment["VEILORQA_FAULTS"] = string.Join(',', request.Faults);
        psi.Environment["VEILORQA_ALLURE_RESULTS"] = results;
        psi.Environment["VEILORQA_PROGRESS"] = progress;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet test");
        var log = Path.Combine(request.Output.FullName, "release-tests.log");
        var drain = Task.WhenAll(CopyAsync(process.StandardOutput, log, ct), CopyAsync(process.StandardError, log + ".err", ct));
        long offset = 0;
        while (!process.HasExited)
        {
            await Task.Delay(500, ct);
            offset = ShowProgress(progress, offset, clock.Elapsed);
        }

        await drain;
        ShowProgress(progress, offset, clock.Elapsed);
        Console.WriteLine($"release suites finished in {clock.Elapsed.TotalSeconds:0} s (dotnet test exit {process.ExitCode}); log: {log}");

        // The summary is printed every time; the HTML report is rendered when Java + allure are present.
        var reportExit = await ReportCommand.RunAsync(
            new DirectoryInfo(results), new DirectoryInfo(Path.Combine(request.Output.FullName, "allure-report")), ReportRenderer.ForThisMachine(), Console.Out, ct);
        return process.ExitCode == 0 && reportExit == 0 ? 0 : 1;
    }

    private static long ShowProgress(string path, long offset, TimeSpan elapsed)
    {
        var (events, next) = ProgressLog.ReadFrom(path, offset);
        foreach (var e in events)
        {
            var where = string.Join(" › ", new[] { e.Suite, e.Test, e.Step }.Where(s => !string.IsNullOrEmpty(s)));
            Console.WriteLine($"[{elapsed:mm\\:ss}] {e.Kind,-6} {where}{(e.Status is null ? string.Empty : "  " + e.Status)}{(e.Message is null ? string.Empty : "  " + e.Message)}");
        }

        return next;
    }

    private static async Task CopyAsync(StreamReader reader, string path, CancellationToken ct)
    {
        await using var file = File.CreateText(path);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            await file.WriteLineAsync(line);
        }
    }

    private static string ReleaseProject()
    {
        // The CLI runs from artifacts/cli inside the clone; the project is found from the working folder.
        var candidate = Path.Combine(Directory.GetCurrentDirectory(), "tests", "VeilorQA.Release", "VeilorQA.Release.csproj");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"release suites not found at {candidate}: run veilorqa from the repository root");
    }
}
