using System.CommandLine;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Gate.Quarantine;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Reporting.JUnit;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa verdict merge|junit</c>: the release gate's last step. <c>merge</c> reads every gate job's recorded
/// verdicts (first attempt and retry), applies the flake policy and quarantine.yml, prints one line per case and the
/// release decision, writes decision.json, JUnit XML and one Allure report, and exits 0 (GO), 1 (NO-GO) or 2 (bad
/// input, e.g. an expired quarantine entry). <c>junit</c> writes one job's JUnit XML.
/// </summary>
internal static class VerdictCommand
{
    public const int InvalidInputExitCode = 2;

    public static Command Create()
    {
        var command = new Command("verdict", "Merge the gate jobs' verdicts into the release decision");
        command.Subcommands.Add(CreateMerge());
        command.Subcommands.Add(CreateJunit());
        return command;
    }

    /// <summary>What <c>verdict merge</c> was asked for.</summary>
    internal sealed record MergeRequest(DirectoryInfo Jobs, FileInfo Matrix, DirectoryInfo Output)
    {
        public FileInfo? Quarantine { get; init; }

        public bool Retries { get; init; }

        public int FlakyWindow { get; init; } = FlakePolicy.DefaultWindow;

        public DirectoryInfo? History { get; init; }

        public bool Record { get; init; }

        public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

        public CiEnvironment Ci { get; init; } = CiEnvironment.FromEnvironment();

        public ReportRenderer Renderer { get; init; } = ReportRenderer.ForThisMachine();
    }

    private static Command CreateMerge()
    {
        var command = new Command("merge", "Decide the release from the jobs' verdicts: GO (exit 0), NO-GO (exit 1), bad input (exit 2)");
        var jobs = new Option<DirectoryInfo>("--jobs") { Description = "folder with one subfolder per gate job (first/ and retry/ inside)", Required = true };
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml (its default runs are the planned cases)", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var quarantine = new Option<FileInfo?>("--quarantine") { Description = $"quarantine list (default: {QuarantineList.DefaultFileName} beside the matrix)" };
        var retries = new Option<bool>("--retries") { Description = "retry results count (pushes to main and release tags; never pull requests)" };
        var window = new Option<int>("--flaky-window") { Description = "a flake blocks when the same case was flaky in one of this many previous gate runs", DefaultValueFactory = _ => FlakePolicy.DefaultWindow };
        var history = new Option<DirectoryInfo?>("--history") { Description = "folder kept between gate runs: flaky history and Allure history (read)" };
        var record = new Option<bool>("--record") { Description = "add this gate run to --history (pushes to main and tags)" };
        var output = new Option<DirectoryInfo>("--output") { Description = "folder for decision.json, junit.xml, allure-results and allure-report", DefaultValueFactory = _ => new DirectoryInfo("artifacts/gate") };
        var today = new Option<string?>("--today") { Description = "judge quarantine expiry as of this date (YYYY-MM-DD; default: today, UTC)" };
        foreach (var option in new Option[] { jobs, matrix, quarantine, retries, window, history, record, output, today })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!MatrixCommand.TryParseDay(parse.GetValue(today), error, out var day))
            {
                return InvalidInputExitCode;
            }

            var request = new MergeRequest(parse.GetValue(jobs)!, parse.GetValue(matrix)!, parse.GetValue(output)!)
            {
                Quarantine = parse.GetValue(quarantine),
                Retries = parse.GetValue(retries),
                FlakyWindow = parse.GetValue(window),
                History = parse.GetValue(history),
                Record = parse.GetValue(record),
                Today = day,
            };
            return await MergeAsync(request, parse.InvocationConfiguration.Output, error, ct);
        });
        return command;
    }

    internal static async Task<int> MergeAsync(MergeRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (request.FlakyWindow is < 1 or > FlakeHistory.Kept)
        {
            await error.WriteLineAsync($"verdict merge: --flaky-window {request.FlakyWindow} is out of range 1..{FlakeHistory.Kept}");
            return InvalidInputExitCode;
        }

        TestMatrix matrix;
        var matrixFile = request.Matrix.ToString();
        try
        {
            matrix = TestMatrixLoader.Load(matrixFile);
        }
        catch (MatrixException e)
        {
            await error.WriteLineAsync(e.Message);
            return InvalidInputExitCode;
        }

        if (!MatrixCommand.TryLoadQuarantine(matrix, matrixFile, request.Quarantine, request.Today, error, out var quarantine))
        {
            return InvalidInputExitCode;
        }

        IReadOnlyList<GateJob> jobs;
        FlakeHistory history;
        try
        {
            jobs = GateJob.ReadAll(request.Jobs.FullName);
            history = request.History is null ? FlakeHistory.Empty : FlakeHistory.Load(request.History.FullName);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
        {
            await error.WriteLineAsync($"verdict merge: {e.Message}");
            return InvalidInputExitCode;
        }

        var planned = matrix.DefaultRuns.SelectMany(matrix.CasesOf).Select(c => new PlannedCase(c.Run.Name, c.Suite.Name, c.Target.Name)).ToList();
        var decision = ReleaseDecision.Decide(planned, jobs, quarantine, history, new FlakePolicy(request.Retries, request.FlakyWindow));

        var root = request.Output.FullName;
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "decision.json"), decision.ToJson(), ct);
        JUnitReport.Write(decision, "VeilorQA release gate", Path.Combine(root, "junit.xml"));
        foreach (var job in jobs.Where(j => j.Problem is not null))
        {
            await output.WriteLineAsync($"job {Path.GetFileName(job.Directory)}: {job.Problem}");
        }

        if (!request.Retries && jobs.Any(j => j.Retry is not null))
        {
            await output.WriteLineAsync("note: retry results are present but do not count (no --retries: pull requests get no retry)");
        }

        await output.WriteLineAsync("Release verdicts (one line per case):");
        foreach (var c in decision.Cases)
        {
            await output.WriteLineAsync("  " + c.Line());
        }

        // The report is evidence beside the decision: a report that cannot be rendered is said, never decides.
        var results = Path.Combine(root, "allure-results");
        var report = Path.Combine(root, "allure-report");
        GateReport.Merge(decision, jobs, results, request.Ci.Executor());
        if (request.History is not null)
        {
            GateReport.RestoreHistory(request.History.FullName, results);
        }

        try
        {
            var rendered = await request.Renderer.RenderAsync(results, report, TimeSpan.FromMinutes(5), ct);
            await output.WriteLineAsync(rendered.Rendered ? $"report: {rendered.IndexPath}" : $"report: {rendered.Reason}");
            if (request.History is not null && request.Record)
            {
                if (rendered.Rendered)
                {
                    GateReport.KeepHistory(report, request.History.FullName);
                }

                var updated = history.With(new FlakeHistory.GateRun(request.Ci.Label, DateTimeOffset.UtcNow, decision.FlakyCases));
                updated.Save(request.History.FullName);
                updated.Save(report);
            }
        }
        catch (Exception e) when (e is ExternalCommandException or TimeoutException)
        {
            await output.WriteLineAsync($"report: allure generate failed: {e.Message}");
        }

        await output.WriteLineAsync(decision.Summary());
        return decision.ExitCode;
    }

    private static Command CreateJunit()
    {
        var command = new Command("junit", "Write one gate job's JUnit XML from its recorded verdicts (first attempt and retry)");
        var job = new Argument<DirectoryInfo>("JOB") { Description = "the job's folder (first/ and retry/ inside)" };
        var run = new Option<string>("--run") { Description = "the job's matrix run (names the case when the job recorded no verdicts)", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "the XML file (default: JOB/junit.xml)" };
        command.Arguments.Add(job);
        command.Options.Add(run);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(job)!;
            var gateJob = GateJob.Read(folder.FullName);
            var planned = gateJob.First is null ? [new PlannedCase(parse.GetValue(run)!, "(every suite)", "?")] : Array.Empty<PlannedCase>();
            var decision = ReleaseDecision.Decide(planned, [gateJob], QuarantineList.None("(none)"), FlakeHistory.Empty, new FlakePolicy(RetriesCount: gateJob.Retry is not null));
            var file = parse.GetValue(output)?.FullName ?? Path.Combine(folder.FullName, "junit.xml");
            JUnitReport.Write(decision, $"VeilorQA gate job {parse.GetValue(run)}", file);
            parse.InvocationConfiguration.Output.WriteLine($"{file}: {decision.Cases.Count} cases, {decision.Blocking.Count} failed (before quarantine and flaky history, which the merge applies)");
            return 0;
        });
        return command;
    }
}
