using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Progress;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa run</c>: the QA job. Runs each selected matrix run (a target, its suites, its faults) as
/// one process of the release suites (tests/VeilorQA.Release), shows live progress, judges every case
/// against the matrix (clean cases must pass; a case its fault breaks must fail with the fault's
/// message), writes Allure results + the HTML report, and exits non-zero when any expectation is not met.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the release suites of the matrix's runs (default: its default runs on the reference guest)");
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml to use", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var runs = new Option<string[]>("--run") { Description = "run name(s) from the matrix", AllowMultipleArgumentsPerToken = true };
        var targets = new Option<string[]>("--target") { Description = "target name(s) from the matrix (their runs without faults)", AllowMultipleArgumentsPerToken = true };
        var suites = new Option<string[]>("--suite") { Description = "narrow to these suite(s)", AllowMultipleArgumentsPerToken = true };
        var faults = new Option<string[]>("--fault") { Description = "switch reference-guest fault(s) on (an ad-hoc run of the suites they break)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for results, report and logs", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
        var noBuild = new Option<bool>("--no-build") { Description = "use the release suites as already built (Release configuration)" };
        var retryFailed = new Option<FileInfo?>("--retry-failed") { Description = "run again only the failed cases of this verdicts.json (the release gate's retry)" };
        command.Options.Add(matrix);
        command.Options.Add(runs);
        command.Options.Add(targets);
        command.Options.Add(suites);
        command.Options.Add(faults);
        command.Options.Add(output);
        command.Options.Add(noBuild);
        command.Options.Add(retryFailed);
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest(
                parse.GetValue(matrix)!,
                new MatrixSelection(parse.GetValue(runs) ?? [], parse.GetValue(targets) ?? [], parse.GetValue(suites) ?? [], parse.GetValue(faults) ?? []),
                parse.GetValue(output)!)
            {
                Build = !parse.GetValue(noBuild),
                RetryFailedOf = parse.GetValue(retryFailed),
            };
            return await RunAsync(request, Console.Out, ct);
        });
        return command;
    }

    /// <summary>What the user asked <c>veilorqa run</c> for.</summary>
    internal sealed record RunRequest(FileInfo Matrix, MatrixSelection Selection, DirectoryInfo Output)
    {
        /// <summary>Build the release suites first (off when the caller just built the solution).</summary>
        public bool Build { get; init; } = true;

        /// <summary>A verdicts.json whose failed cases are run again instead of the selection (the gate's retry).</summary>
        public FileInfo? RetryFailedOf { get; init; }
    }

    internal static async Task<int> RunAsync(RunRequest request, TextWriter console, CancellationToken ct)
    {
        IReadOnlyList<ResolvedRun> runs;
        try
        {
            var matrix = TestMatrixLoader.Load(request.Matrix.FullName);
            runs = request.RetryFailedOf is { } previous
                ? Harness.Gate.RetrySelection.Resolve(matrix, request.Matrix.FullName, previous.FullName)
                : RunResolver.Resolve(matrix, request.Matrix.FullName, request.Selection);
        }
        catch (Exception e) when (e is MatrixException or FileNotFoundException or KeyNotFoundException or ArgumentException or InvalidDataException)
        {
            await console.WriteLineAsync($"veilorqa run: {e.Message}");
            return 2;
        }

        if (runs.Count == 0 && request.RetryFailedOf is not null)
        {
            await console.WriteLineAsync($"veilorqa run: no failed case in {request.RetryFailedOf}: nothing to retry");
            return 0;
        }

        if (runs.Count == 0)
        {
            await console.WriteLineAsync("veilorqa run: the selection has no case to run");
            return 2;
        }

        // A VM run cannot start without libvirtd: one clear error before any test process boots anything.
        if (runs.Any(r => r.Target is VmProfile))
        {
            try
            {
                using var connection = Harness.Libvirt.LibvirtConnection.Open();
            }
            catch (Harness.Libvirt.LibvirtException e)
            {
                await console.WriteLineAsync($"veilorqa run: {e.Message}");
                return 2;
            }
        }

        var project = ReleaseProject();
        var root = request.Output.FullName;
        var combined = Path.Combine(root, "allure-results");
        var runsRoot = Path.Combine(root, "runs");
        foreach (var dir in new[] { combined, runsRoot })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
        }

        var build = request.Build ? await ReleaseBuild.BuildAsync(project, Path.Combine(root, "release-build.log"), ct) : 0;
        if (build != 0)
        {
            await console.WriteLineAsync($"veilorqa run: building {project} failed (exit {build}); see {Path.Combine(root, "release-build.log")}");
            return 2;
        }

        var verdicts = new List<CaseVerdict>();
        var total = Stopwatch.StartNew();
        foreach (var run in runs)
        {
            var runDir = Path.Combine(runsRoot, run.Name);
            var results = Path.Combine(runDir, "allure-results");
            Directory.CreateDirectory(results);
            await console.WriteLineAsync(
                $"== run {run.Name}: target {run.Target.Name}, suites [{string.Join(", ", run.Cases.Select(c => c.Suite.Name))}], faults [{string.Join(", ", run.Run.Faults)}]");
            var clock = Stopwatch.StartNew();
            var exit = await RunReleaseSuitesAsync(ReleaseSuitesProcess(project, run, runDir, results), runDir, console, ct);
            await console.WriteLineAsync($"== run {run.Name} finished in {clock.Elapsed.TotalSeconds:0} s (dotnet test exit {exit}); log {Path.Combine(runDir, "release-tests.log")}");

            var runResults = ResultsSummary.ReadResults(results);
            foreach (var matrixCase in run.Cases)
            {
                var verdict = ExpectationJudge.Judge(matrixCase, ExpectationJudge.ResultsOf(matrixCase, runResults));
                verdicts.Add(verdict);
                await console.WriteLineAsync(verdict.Line());
            }

            foreach (var file in Directory.EnumerateFiles(results))
            {
                File.Copy(file, Path.Combine(combined, Path.GetFileName(file)), overwrite: true);
            }
        }

        await File.WriteAllTextAsync(
            Path.Combine(root, "verdicts.json"),
            JsonSerializer.Serialize(verdicts, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }),
            ct);
        await console.WriteLineAsync();
        await console.WriteLineAsync("Verdicts (suite wall time per case):");
        foreach (var verdict in verdicts)
        {
            await console.WriteLineAsync("  " + verdict.Line());
        }

        // The report of fault runs holds expected failures: its own exit code does not decide the release.
        await ReportCommand.RunAsync(new DirectoryInfo(combined), new DirectoryInfo(Path.Combine(root, "allure-report")), ReportRenderer.ForThisMachine(), console, ct);
        var met = verdicts.Count(v => v.Outcome == CaseOutcome.Met);
        var notMet = verdicts.Count(v => v.Outcome == CaseOutcome.NotMet);
        var skipped = verdicts.Count(v => v.Outcome == CaseOutcome.Skipped);
        await console.WriteLineAsync($"veilorqa run: {verdicts.Count} cases in {total.Elapsed.TotalMinutes:0.0} min: {met} met, {notMet} not met, {skipped} skipped (verdicts: {Path.Combine(root, "verdicts.json")})");
        return notMet == 0 ? 0 : 1;
    }

    /// <summary>
    /// The <c>dotnet test</c> of one run: its suites filtered by category, and the run handed over as one JSON file in the
    /// run's folder, named by <see cref="ResolvedRunFile.EnvironmentVariable"/> (the test process never reads the matrix).
    /// </summary>
    internal static ProcessStartInfo ReleaseSuitesProcess(string project, ResolvedRun run, string runDir, string results)
    {
        var runFile = Path.Combine(runDir, ResolvedRunFile.FileName);
        ResolvedRunFile.Write(run, runFile);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var filter = string.Join('|', run.Cases.Select(c => $"TestCategory={c.Suite.Name}"));
        foreach (var a in new[]
                 {
                     "test", project, "-c", "Release", "--no-build", "-nologo", "--filter", filter,
                     "--logger", "console;verbosity=normal", "--logger", $"trx;LogFileName={run.Name}.trx", "--results-directory", runDir,
                 })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[ResolvedRunFile.EnvironmentVariable] = runFile;
        psi.Environment["VEILORQA_ALLURE_RESULTS"] = results;
        psi.Environment["VEILORQA_PROGRESS"] = ProgressFile(runDir);
        return psi;
    }

    private static string ProgressFile(string runDir) => Path.Combine(runDir, "progress.jsonl");

    private static async Task<int> RunReleaseSuitesAsync(ProcessStartInfo psi, string runDir, TextWriter console, CancellationToken ct)
    {
        var progress = ProgressFile(runDir);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet test");
        var log = Path.Combine(runDir, "release-tests.log");
        var drain = Task.WhenAll(CopyAsync(process.StandardOutput, log, ct), CopyAsync(process.StandardError, log + ".err", ct));
        long offset = 0;
        while (!process.HasExited)
        {
            await Task.Delay(500, ct);
            offset = await ShowProgressAsync(progress, offset, clock.Elapsed, console);
        }

        await drain;
        await ShowProgressAsync(progress, offset, clock.Elapsed, console);
        return process.ExitCode;
    }

    private static async Task<long> ShowProgressAsync(string path, long offset, TimeSpan elapsed, TextWriter console)
    {
        var (events, next) = ProgressLog.ReadFrom(path, offset);
        foreach (var e in events)
        {
            var where = string.Join(" › ", new[] { e.Suite, e.Test, e.Step }.Where(s => !string.IsNullOrEmpty(s)));
            await console.WriteLineAsync($"[{elapsed:mm\\:ss}] {e.Kind,-6} {where}{(e.Status is null ? string.Empty : "  " + e.Status)}{(e.Message is null ? string.Empty : "  " + e.Message)}");
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
