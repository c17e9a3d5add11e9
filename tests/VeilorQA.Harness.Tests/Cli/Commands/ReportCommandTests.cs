using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Tests.Reporting;

namespace VeilorQA.Harness.Tests.Cli.Commands;

public class ReportCommandTests
{
    [Test]
    public async Task A_green_results_folder_exits_0_and_says_why_no_html_was_rendered()
    {
        var folder = Directory.CreateTempSubdirectory("veilorqa-report-cmd-").FullName;
        try
        {
            new AllureResultsWriter(folder).Write(SampleResults.With("Boots", AllureStatus.Passed));
            using var output = new StringWriter();

            var exit = await ReportCommand.RunAsync(
                new DirectoryInfo(folder), new DirectoryInfo(Path.Combine(folder, "report")), new ReportRenderer("/usr/bin/true", null), output, CancellationToken.None);

            exit.Should().Be(0);
            output.ToString().Should().Contain("passed       1").And.Contain("Java is not installed");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_missing_results_folder_exits_2_naming_it()
    {
        using var output = new StringWriter();

        var exit = await ReportCommand.RunAsync(
            new DirectoryInfo("/nonexistent/veilorqa-results"), new DirectoryInfo("/tmp/veilorqa-never"), new ReportRenderer(null, null), output, CancellationToken.None);

        exit.Should().Be(2);
        output.ToString().Should().Contain("/nonexistent/veilorqa-results");
    }

    [Test]
    public void The_command_parses_its_options()
    {
        var parse = ReportCommand.Create().Parse(["--results", "/tmp/r", "--out", "/tmp/o"]);

        parse.Errors.Should().BeEmpty();
    }
}
