using System.CommandLine;
using System.Globalization;
using VeilorQA.Harness.Gate;
using VeilorQA.Harness.Gate.Quarantine;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Reporting.Verdicts;
using VeilorQA.Harness.Targets;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa matrix validate|list|ci [FILE]</c>: checks TestMatrix.yml (and quarantine.yml beside it) and shows what it plans.</summary>
internal static class MatrixCommand
{
    /// <summary>Exit code of an invalid matrix (1 is left to failing tests).</summary>
    public const int InvalidMatrixExitCode = 2;

    public static Command Create()
    {
        var command = new Command("matrix", "Check TestMatrix.yml and show its targets × suites");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateCi());
        return command;
    }

    private static Argument<FileInfo> FileArgument() => new("FILE")
    {
        Description = "the matrix file",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName),
    };

    private static Command CreateValidate()
    {
        var command = new Command("validate", "Load the matrix and its quarantine list; print a summary and which runs cannot run here (exit 0), or the one error (exit 2)");
        var file = FileArgument();
        var suites = new Option<FileInfo?>("--release-suites") { Description = "the built release suites to check suites and waivers against (default: tests/VeilorQA.Release/bin/Release beside the matrix)" };
        var quarantine = QuarantineOption();
        var today = new Option<string?>("--today") { Description = "judge quarantine expiry as of this date (YYYY-MM-DD; default: today, UTC)" };
        command.Arguments.Add(file);
        command.Options.Add(suites);
        command.Options.Add(quarantine);
        command.Options.Add(today);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TryLoad(parse.GetValue(file)!, error, out var matrix, out var name))
                return InvalidMatrixExitCode;
            if (!TryParseDay(parse.GetValue(today), error, out var day)
                || !TryLoadQuarantine(matrix, name, parse.GetValue(quarantine), day, error, out var quarantined))
                return InvalidMatrixExitCode;
            output.WriteLine(Summary(name, matrix) + QuarantineSummary(quarantined));
            output.Write(Readiness(matrix, name, parse.GetValue(suites)?.FullName ?? DefaultReleaseSuites(name)));
            return 0;
        });
        return command;
    }

    private static Command CreateCi()
    {
        var command = new Command("ci", "Print the default runs as the release gate's job list (one line of JSON for strategy.matrix)");
        var file = FileArgument();
        var run = new Option<string?>("--run") { Description = "only this run of the matrix (a manual dispatch of one run)" };
        command.Arguments.Add(file);
        command.Options.Add(run);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!TryLoad(parse.GetValue(file)!, error, out var matrix, out var name))
                return InvalidMatrixExitCode;
            var jobs = CiJobList.Of(matrix);
            if (parse.GetValue(run) is { } only)
            {
                if (!matrix.Runs.Any(r => r.Name == only))
                {
                    error.WriteLine($"{name}: no run '{only}' (runs: {string.Join(", ", matrix.Runs.Select(r => r.Name))})");
                    return InvalidMatrixExitCode;
                }

                jobs = CiJobList.Of(matrix, r => r.Name == only);
            }

            parse.InvocationConfiguration.Output.WriteLine(CiJobList.ToJson(jobs));
            return 0;
        });
        return command;
    }

    private static Option<FileInfo?> QuarantineOption() => new("--quarantine")
    {
        Description = $"quarantine list (default: {QuarantineList.DefaultFileName} beside the matrix; none there means nothing is quarantined)",
    };

    /// <summary>The quarantine file of a matrix: the one named, else quarantine.yml in the matrix's folder.</summary>
    internal static string QuarantineFileOf(string matrixFile, FileInfo? named) =>
        named?.ToString() ?? Path.Combine(Path.GetDirectoryName(matrixFile) is { Length: > 0 } dir ? dir : ".", QuarantineList.DefaultFileName);

    internal static bool TryLoadQuarantine(TestMatrix matrix, string matrixFile, FileInfo? named, DateOnly today, TextWriter error, out QuarantineList quarantine)
    {
        try
        {
            quarantine = QuarantineLoader.Load(
                QuarantineFileOf(matrixFile, named), today, matrix.Suites.Select(s => s.Name).ToHashSet(), matrix.Targets.Select(t => t.Name).ToHashSet());
            return true;
        }
        catch (QuarantineException ex)
        {
            error.WriteLine(ex.Message);
            quarantine = null!;
            return false;
        }
    }

    internal static bool TryParseDay(string? text, TextWriter error, out DateOnly day)
    {
        if (text is null)
        {
            day = DateOnly.FromDateTime(DateTime.UtcNow);
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return true;
        error.WriteLine($"--today: expected a date YYYY-MM-DD, got '{text}'");
        return false;
    }

    private static string QuarantineSummary(QuarantineList quarantine) =>
        quarantine.Entries.Count == 0
            ? " Nothing quarantined."
            : $" {quarantine.Entries.Count} quarantined ({string.Join(", ", quarantine.Entries.Select(e => $"{e.Id} until {e.Expires:yyyy-MM-dd}"))}).";

    private static Command CreateList()
    {
        var command = new Command("list", "Print the targets × suites table (default runs; --all adds the others)");
        var file = FileArgument();
        var all = new Option<bool>("--all") { Description = "include runs that are not part of the default run" };
        command.Arguments.Add(file);
        command.Options.Add(all);
        command.SetAction(parse =>
        {
            if (!TryLoad(parse.GetValue(file)!, parse.InvocationConfiguration.Error, out var matrix, out _))
                return InvalidMatrixExitCode;
            var includeAll = parse.GetValue(all);
            parse.InvocationConfiguration.Output.Write(Table(matrix, includeAll ? _ => true : r => r.IsDefault));
            return 0;
        });
        return command;
    }

    private static bool TryLoad(FileInfo file, TextWriter error, out TestMatrix matrix, out string name)
    {
        // Name the file as the user typed it (errors then read like compiler output they can click).
        name = file.ToString();
        try
        {
            matrix = TestMatrixLoader.Load(name);
            return true;
        }
        catch (MatrixException ex)
        {
            error.WriteLine(ex.Message);
            matrix = null!;
            return false;
        }
    }

    /// <summary>One line per run this machine or the built code cannot run, with the reasons (what <c>veilorqa run</c> would refuse).</summary>
    internal static string Readiness(TestMatrix matrix, string file, string? releaseSuites, Func<string, string?>? environment = null)
    {
        var text = new System.Text.StringBuilder();
        SuiteCatalogue? catalogue = null;
        if (releaseSuites is not null && File.Exists(releaseSuites))
        {
            try
            {
                catalogue = SuiteCatalogue.Read(releaseSuites);
            }
            catch (InvalidDataException e)
            {
                text.AppendLine($"release suites not readable ({e.Message}): suites and waivers are not checked against the built code");
            }
        }
        else
        {
            text.AppendLine($"release suites not built{(releaseSuites is null ? string.Empty : $" ({releaseSuites})")}: suites and waivers are not checked against the built code");
        }

        foreach (var run in matrix.Runs)
        {
            var resolved = RunResolver.Resolve(matrix, file, MatrixSelection.Default with { Runs = [run.Name] });
            foreach (var reason in resolved.SelectMany(r => RunReadiness.Check(r, catalogue, environment)))
            {
                text.AppendLine($"run {run.Name}: cannot run here: {reason}");
            }
        }

        return text.ToString();
    }

    private static string? DefaultReleaseSuites(string matrixFile)
    {
        var bin = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(matrixFile))!, "tests", "VeilorQA.Release", "bin", "Release");
        return Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "VeilorQA.Release.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
    }

    internal static string Summary(string file, TestMatrix matrix)
    {
        var vms = matrix.Targets.Count(t => t is VmProfile);
        var laptops = matrix.Targets.Count - vms;
        return $"{file}: valid. {matrix.Artifacts.Count} artifacts, {matrix.Targets.Count} targets ({vms} vm, {laptops} laptop), "
            + $"{matrix.Suites.Count} suites, {matrix.Faults.Count} faults, {matrix.Runs.Count} runs "
            + $"({matrix.DefaultRuns.Count} default, {matrix.FaultRuns.Count} with faults); default target {matrix.DefaultTargetName}; "
            + $"{matrix.Cases().Count} default cases.";
    }

    /// <summary>Rows are targets, columns suites; a cell says pass / fail(fault) / skip(missing capability) / '.' (not planned).</summary>
    internal static string Table(TestMatrix matrix, Func<MatrixRun, bool> include)
    {
        var cases = matrix.Cases(include);
        var suites = matrix.Suites.Select(s => s.Name).ToList();
        var targets = matrix.Targets.Where(t => cases.Any(c => c.Target == t)).ToList();
        var cells = targets.Select(t => suites.Select(s => Cell(cases.Where(c => c.Target == t && c.Suite.Name == s))).ToList()).ToList();

        var firstWidth = Math.Max("target".Length, targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max());
        var widths = suites.Select((s, i) => Math.Max(s.Length, cells.Select(row => row[i].Length).DefaultIfEmpty(0).Max())).ToList();
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Join("  ", new[] { "target".PadRight(firstWidth) }.Concat(suites.Select((s, i) => s.PadRight(widths[i])))).TrimEnd());
        for (var row = 0; row < targets.Count; row++)
        {
            var line = new[] { targets[row].Name.PadRight(firstWidth) }.Concat(cells[row].Select((c, i) => c.PadRight(widths[i])));
            text.AppendLine(string.Join("  ", line).TrimEnd());
        }

        text.AppendLine();
        text.AppendLine("pass = must pass, fail = a fault must make it fail, skip = target lacks a required capability, . = not planned");
        foreach (var run in matrix.Runs.Where(include))
        {
            var faults = run.IsFaultRun ? $" faults: {string.Join(", ", run.Faults)}" : string.Empty;
            text.AppendLine($"run {run.Name}: {run.Target}{(run.IsDefault ? string.Empty : " (not default)")}{faults}");
        }

        return text.ToString();
    }

    private static string Cell(IEnumerable<MatrixCase> cases)
    {
        var words = cases
            .Select(c => !c.CanRun
                ? "skip(" + string.Join("+", c.MissingCapabilities.Select(m => m.ToString().ToLowerInvariant())) + ")"
                : c.Expected == Expectation.Fail ? "fail" : "pass")
            .Distinct()
            .ToList();
        return words.Count == 0 ? "." : string.Join(",", words);
    }
}
