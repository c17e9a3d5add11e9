using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Reporting;

/// <summary>Renders an allure-results folder to an HTML report with allure-commandline, when Java is there.</summary>
/// <remarks>
/// The report is optional: a machine without Java still gets the plain <see cref="ResultsSummary"/>, and
/// <see cref="RenderAsync"/> then says exactly what was missing instead of failing the run.
/// allure-commandline comes from npm (scripts/setup.sh installs it under the cache's tools folder).
/// </remarks>
public sealed class ReportRenderer
{
    /// <summary>Overrides where allure-commandline is found.</summary>
    public const string AllureVariable = "VEILORQA_ALLURE";

    private readonly string? _allure;
    private readonly string? _java;

    /// <summary>A renderer with explicit programs; null means "not available".</summary>
    public ReportRenderer(string? allureExecutable, string? javaExecutable)
    {
        _allure = allureExecutable;
        _java = javaExecutable;
    }

    /// <summary>A renderer that finds allure and Java on this machine.</summary>
    public static ReportRenderer ForThisMachine() => new(FindAllure(), FindJava());

    public static string? FindAllure()
    {
        var configured = Environment.GetEnvironmentVariable(AllureVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var installed = Path.Combine(HarnessPaths.Cache, "tools", "node_modules", ".bin", "allure");
        return File.Exists(installed) ? installed : FindOnPath("allure");
    }

    public static string? FindJava()
    {
        var home = Environment.GetEnvironmentVariable("JAVA_HOME");
        if (!string.IsNullOrEmpty(home) && File.Exists(Path.Combine(home, "bin", "java")))
        {
            return Path.Combine(home, "bin", "java");
        }

        return FindOnPath("java");
    }

    /// <summary>Runs <c>allure generate RESULTS -o REPORT --clean</c>; never throws for a missing tool.</summary>
    public async Task<RenderOutcome> RenderAsync(string resultsDirectory, string reportDirectory, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var report = Path.GetFullPath(reportDirectory);
        if (!Directory.Exists(resultsDirectory))
        {
            return RenderOutcome.Skipped(report, $"no HTML report: results folder {resultsDirectory} does not exist");
        }

        if (_java is null)
        {
            return RenderOutcome.Skipped(report, "no HTML report: Java is not installed (apt-get install default-jre-headless), the plain summary is all there is");
        }

        if (_allure is null)
        {
            return RenderOutcome.Skipped(report, $"no HTML report: allure-commandline not found (run scripts/setup.sh, or set {AllureVariable})");
        }

        var result = await ExternalCommand.RunAsync(
            _allure, ["generate", Path.GetFullPath(resultsDirectory), "-o", report, "--clean"], timeout, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ExternalCommandException($"{_allure} generate", result.ExitCode, result.StandardError + result.StandardOutput);
        }

        var outcome = new RenderOutcome(true, report, "rendered with allure-commandline");
        return File.Exists(outcome.IndexPath)
            ? outcome
            : throw new ExternalCommandException($"{_allure} generate", 0, $"exited 0 but wrote no {outcome.IndexPath}: {result.StandardOutput}");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
