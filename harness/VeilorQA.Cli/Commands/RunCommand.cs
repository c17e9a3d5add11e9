using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Progress;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.Verdicts;
using VeilorQA.Harness.Targets;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa run</c>: the QA job. Runs each selected matrix run (a target, its suites, its faults) as
/// one process of the release suites (tests/VeilorQA.Release), shows live progress, judges every case
/// against the matrix and the suite's test list (clean cases must pass every test; a case its fault breaks must fail as a
/// product failure with the fault's message), writes verdicts.json, the Allure results and reports, and exits with the
/// <see cref="ReleaseDecision"/>: 0 every case met, 1 a product failure, 3 not proven, 2 bad input.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the release suites of the matrix's runs (default: its default release runs; --self-test: its default fault runs)");
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml to use", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var runs = new Option<string[]>("--run") { Description = "run name(s) from the matrix", AllowMultipleArgumentsPerToken = true };
        var targets = new Option<string[]>("--target") { Description = "target name(s) from the matrix (their runs without faults)", AllowMultipleArgumentsPerToken = true };
        var suites = new Option<string[]>("--suite") { Description = "narrow to these suite(s)", AllowMultipleArgumentsPerToken = true };
        var faults = new Option<string[]>("--fault") { Description = "switch reference-guest fault(s) on (an ad-hoc run of the suites they break)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for results, report and logs", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
        var noBuild = new Option<bool>("--no-build") { Description = "use the release suites as already built (Release configuration)" };
        var selfTest = new Option<bool>("--self-test") { Description = "run the matrix's default fault runs (the harness proves each suite fails on its fault) instead of the release runs" };
        var retryFailed = new Option<FileInfo?>("--retry-failed") { Description = "run again only the failed cases of this verdicts.json (the release gate's retry)" };
        command.Options.Add(matrix);
        command.Options.Add(runs);
        command.Options.Add(targets);
        command.Options.Add(suites);
        command.Options.Add(faults);
        command.Options.Add(output);
        command.Options.Add(noBuild);
        command.Options.Add(selfTest);
        command.Options.Add(retryFailed);
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest(
                parse.GetValue(matrix)!,
                new MatrixSelection(parse.GetValue(runs) ?? [], parse.GetValue(targets) ?? [], parse.GetValue(suites) ?? [], parse.GetValue(faults) ?? [], parse.GetValue(selfTest)),
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

        /// <summary>The test project of the release suites; found from the working folder when null.</summary>
        public string? ReleaseProject { get; init; }

        /// <summary>The build configuration the release suites are built and run in.</summary>
        public string Configuration { get; init; } = "Release";

        /// <summary>Extra <c>dotnet test</c> arguments (the harness's own tests run a sample project this way).</summary>
        public IReadOnlyList<string> ExtraTestArguments { get; init; } = [];

        /// <summary>A verdicts.json whose failed cases are run again instead of the selection (the gate's retry).</summary>
        public FileInfo? RetryFailedOf { get; init; }
    }

    internal static async Task<int> RunAsync(RunRequest request, TextWriter rawConsole, CancellationToken ct)
    {
        // Everything printed goes through the redactor: a leaked secret never reaches a console log either.
        var console = OutputRedaction.Console(rawConsole);
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
            return ReleaseDecision.BadInputExitCode;
        }

        if (runs.Count == 0 && request.RetryFailedOf is not null)
        {
            await console.WriteLineAsync($"veilorqa run: no failed case in {request.RetryFailedOf}: nothing to retry");
            return 0;
        }

        if (runs.Count == 0)
        {
            await console.WriteLineAsync("veilorqa run: the selection has no case to run");
            return ReleaseDecision.BadInputExitCode;
        }

        // Before anything is built or booted: every run must be one this machine and this build can run.
        if (await RefuseUnreadyAsync(runs, null, console))
        {
            return ReleaseDecision.BadInputExitCode;
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
                return ReleaseDecision.BadInputExitCode;
            }
        }

        string project;
        try
        {
            project = request.ReleaseProject ?? ReleaseProject();
        }
        catch (FileNotFoundException e)
        {
            await console.WriteLineAsync($"veilorqa run: {e.Message}");
            return ReleaseDecision.BadInputExitCode;
        }

        var root = request.Output.FullName;
        var runsRoot = Path.Combine(root, "runs");
        ReleaseReport.Prepare(root);
        if (Directory.Exists(runsRoot))
        {
            Directory.Delete(runsRoot, recursive: true);
        }

        Directory.CreateDirectory(runsRoot);
        foreach (var run in runs)
        {
            RunSecrets.Register(run);
        }

        var buildLog = Path.Combine(root, "release-build.log");
        var build = request.Build ? await ReleaseBuild.BuildAsync(project, request.Configuration, buildLog, ct) : 0;
        OutputRedaction.RedactTree(root);
        if (build != 0)
        {
            await console.WriteLineAsync($"veilorqa run: building {project} failed (exit {build}); see {buildLog}");
            return ReleaseDecision.BadInputExitCode;
        }

        SuiteCatalogue catalogue;
        try
        {
            catalogue = SuiteCatalogue.Read(ReleaseAssembly(project, request.Configuration));
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            await console.WriteLineAsync($"veilorqa run: the release suites are not built: {e.Message}{(request.Build ? string.Empty : " (run without --no-build)")}");
            return ReleaseDecision.BadInputExitCode;
        }

        if (await RefuseUnreadyAsync(runs, catalogue, console))
        {
            return ReleaseDecision.BadInputExitCode;
        }

        var verdicts = new List<(CaseVerdict Verdict, long Start, long Stop)>();
        var records = new List<ReleaseReport.RunRecord>();
        var total = Stopwatch.StartNew();
        try
        {
            foreach (var run in runs)
            {
                var (record, judged) = await RunOneAsync(request, project, run, catalogue, runsRoot, root, console, ct);
                records.Add(record);
                verdicts.AddRange(judged);
            }
        }
        finally
        {
            // Written whatever happened above: a crash after hours of VM time still leaves the verdicts reached so far.
            await WriteVerdictsAsync(root, verdicts.Select(v => v.Verdict).ToList());
        }

        await console.WriteLineAsync();
        await console.WriteLineAsync("Verdicts (suite wall time per case):");
        foreach (var (verdict, _, _) in verdicts)
        {
            await console.WriteLineAsync("  " + verdict.Line());
        }

        var decision = ReleaseDecision.Of(verdicts.Select(v => v.Verdict).ToList());
        ReleaseReport.Finish(root, records, verdicts);
        await ReleaseReport.RenderAsync(root, console, ct);
        OutputRedaction.RedactTree(root);
        await console.WriteLineAsync(
            $"veilorqa run: {decision.Headline} ({verdicts.Count} cases in {total.Elapsed.TotalMinutes:0.0} min: {decision.Met} met, {decision.ProductFailures} product failures, " +
            $"{decision.Unproven} not proven; exit {decision.ExitCode}; verdicts: {Path.Combine(root, "verdicts.json")})");
        return decision.ExitCode;
    }

    /// <summary>Runs one matrix run's test process, redacts what it left, and judges each of its cases.</summary>
    private static async Task<(ReleaseReport.RunRecord Record, List<(CaseVerdict, long, long)> Verdicts)> RunOneAsync(
        RunRequest request, string project, ResolvedRun run, SuiteCatalogue catalogue, string runsRoot, string root, TextWriter console, CancellationToken ct)
    {
        var runDir = Path.Combine(runsRoot, run.Name);
        var results = Path.Combine(runDir, "allure-results");
        Directory.CreateDirectory(results);
        await console.WriteLineAsync(
            $"== run {run.Name}: target {run.Target.Name}, suites [{string.Join(", ", run.Cases.Select(c => c.Suite.Name))}], faults [{string.Join(", ", run.Run.Faults)}]");
        var clock = Stopwatch.StartNew();
        var exit = await RunReleaseSuitesAsync(ReleaseSuitesProcess(project, run, runDir, results, request.Configuration, request.ExtraTestArguments), runDir, console, ct);

        // The reference guest's passphrase exists once its build does; the test process may have written any secret anywhere.
        RunSecrets.Register(run);
        OutputRedaction.RedactTree(runDir);
        var process = TestProcessOutcome.Read(exit, Path.Combine(runDir, TrxFileName(run)));
        await console.WriteLineAsync($"== run {run.Name} finished in {clock.Elapsed.TotalSeconds:0} s (dotnet test exit {exit}); log {Path.Combine(runDir, "release-tests.log")}");
        if (process.Anomaly is { } anomaly)
        {
            await console.WriteLineAsync($"== run {run.Name}: {anomaly}");
        }

        IReadOnlyList<TestResult> runResults;
        try
        {
            runResults = ResultsSummary.ReadResults(results);
        }
        catch (InvalidDataException e)
        {
            runResults = [];
            process = process with { ExitCode = process.ExitCode == 0 ? -1 : process.ExitCode, TrxProblem = e.Message };
        }

        var times = ReleaseReport.AddRun(root, run, results);
        var verdicts = new List<(CaseVerdict, long, long)>();
        foreach (var matrixCase in run.Cases)
        {
            CaseVerdict verdict;
            try
            {
                verdict = ExpectationJudge.Judge(matrixCase, ExpectationJudge.ResultsOf(matrixCase, runResults), catalogue.TestsOf(matrixCase.Suite.Name), process);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A judge that cannot decide never takes the verdicts down with it.
                verdict = new CaseVerdict(run.Name, matrixCase.Suite.Name, run.Target.Name, run.Faults.Select(f => f.Name).ToList(), matrixCase.Expected,
                    CaseOutcome.NotMet, NotMetCause.Harness, $"not judged: {e.GetType().Name}: {e.Message}", 0, 0, 0, 0, 0, [], TimeSpan.Zero);
            }

            var (start, stop) = times.GetValueOrDefault(matrixCase.Suite.Name, (0L, 0L));
            verdicts.Add((verdict, start, stop));
            await console.WriteLineAsync(verdict.Line());
        }

        return (ReleaseReport.RunRecord.Read(run, results), verdicts);
    }

    private static async Task<bool> RefuseUnreadyAsync(IReadOnlyList<ResolvedRun> runs, SuiteCatalogue? catalogue, TextWriter console)
    {
        var refused = false;
        foreach (var run in runs)
        {
            foreach (var reason in RunReadiness.Check(run, catalogue))
            {
                await console.WriteLineAsync($"veilorqa run: run {run.Name} cannot run here: {reason}");
                refused = true;
            }
        }

        return refused;
    }

    private static readonly JsonSerializerOptions VerdictsJson = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static async Task WriteVerdictsAsync(string root, IReadOnlyList<CaseVerdict> verdicts)
    {
        var json = JsonSerializer.Serialize(verdicts, VerdictsJson);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "verdicts.json"), Harness.Security.Redactor.Global.Redact(json));
    }

    /// <summary>
    /// The <c>dotnet test</c> of one run: its suites filtered by category, and the run handed over as one JSON file in the
    /// run's folder, named by <see cref="ResolvedRunFile.EnvironmentVariable"/> (the test process never reads the matrix).
    /// </summary>
    internal static ProcessStartInfo ReleaseSuitesProcess(string project, ResolvedRun run, string runDir, string results, string configuration = "Release", IReadOnlyList<string>? extraArguments = null)
    {
        var runFile = Path.Combine(runDir, ResolvedRunFile.FileName);
        ResolvedRunFile.Write(run, runFile);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var filter = string.Join('|', run.Cases.Select(c => $"TestCategory={c.Suite.Name}"));
        foreach (var a in new[]
                 {
                     "test", project, "-c", configuration, "--no-build", "-nologo", "--filter", filter,
                     "--logger", "console;verbosity=normal", "--logger", $"trx;LogFileName={TrxFileName(run)}", "--results-directory", runDir,
                 }.Concat(extraArguments ?? []))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[ResolvedRunFile.EnvironmentVariable] = runFile;
        psi.Environment["VEILORQA_ALLURE_RESULTS"] = results;
        psi.Environment["VEILORQA_PROGRESS"] = ProgressFile(runDir);
        return psi;
    }

    private static string ProgressFile(string runDir) => Path.Combine(runDir, "progress.jsonl");

    private static string TrxFileName(ResolvedRun run) => $"{run.Name}.trx";

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
            await file.WriteLineAsync(Harness.Security.Redactor.Global.Redact(line));
        }
    }

    /// <summary>The built assembly of the release project: bin/CONFIGURATION/TFM/NAME.dll beside the project.</summary>
    private static string ReleaseAssembly(string project, string configuration)
    {
        var name = Path.GetFileNameWithoutExtension(project) + ".dll";
        var bin = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration);
        return (Directory.Exists(bin) ? Directory.EnumerateFiles(bin, name, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null)
            ?? throw new FileNotFoundException($"no {name} under {bin}");
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
