using System.CommandLine;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa report [--results DIR] [--out DIR]</c>: prints the plain summary of an allure-results folder
/// and renders the HTML report when Java and allure-commandline are there (else says why not).
/// Exit 0 when nothing failed or broke, 1 when something did, 2 when there is nothing to report on.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Summarise Allure results and render the HTML report");
        var results = new Option<DirectoryInfo>("--results")
        {
            Description = "allure-results folder (default: VEILORQA_ALLURE_RESULTS or ./allure-results)",
            DefaultValueFactory = _ => new DirectoryInfo(AllureResultsDirectory.Resolve()),
        };
        var output = new Option<DirectoryInfo?>("--out")
        {
            Description = "folder for the HTML report (default: allure-report beside the results folder)",
        };
        command.Options.Add(results);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var resultsFolder = parse.GetValue(results)!;
            var reportFolder = parse.GetValue(output) ?? new DirectoryInfo(Path.Combine(resultsFolder.Parent?.FullName ?? ".", "allure-report"));
            return await RunAsync(resultsFolder, reportFolder, ReportRenderer.ForThisMachine(), Console.Out, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(DirectoryInfo results, DirectoryInfo report, ReportRenderer renderer, TextWriter output, CancellationToken ct)
    {
        ResultsSummary summary;
        try
        {
            summary = ResultsSummary.Read(results.FullName);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
        {
            await output.WriteLineAsync($"report: {e.Message}");
            return 2;
        }

        if (summary.Total == 0)
        {
            await output.WriteLineAsync($"report: no test results in {results.FullName}");
            return 2;
        }

        await output.WriteAsync(summary.ToText());
        try
        {
            var rendered = await renderer.RenderAsync(results.FullName, report.FullName, TimeSpan.FromMinutes(5), ct);
            await output.WriteLineAsync(rendered.Rendered ? $"HTML report: {rendered.IndexPath}" : rendered.Reason);
        }
        catch (Exception e) when (e is ExternalCommandException or TimeoutException)
        {
            await output.WriteLineAsync($"report: allure generate failed: {e.Message}");
            return 2;
        }

        return summary.IsGreen ? 0 : 1;
    }
}
