using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

public class ReportRendererTests
{
    [Test]
    public async Task Without_Java_the_renderer_says_why_it_rendered_nothing()
    {
        var results = Directory.CreateTempSubdirectory("veilorqa-render-").FullName;
        try
        {
            var outcome = await new ReportRenderer("/usr/bin/true", javaExecutable: null)
                .RenderAsync(results, Path.Combine(results, "report"), TimeSpan.FromSeconds(5));

            outcome.Rendered.Should().BeFalse();
            outcome.Reason.Should().Contain("Java is not installed");
            File.Exists(outcome.IndexPath).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Test]
    public async Task Without_allure_the_renderer_names_the_set_up_script()
    {
        var results = Directory.CreateTempSubdirectory("veilorqa-render-").FullName;
        try
        {
            var outcome = await new ReportRenderer(allureExecutable: null, "/usr/bin/java")
                .RenderAsync(results, Path.Combine(results, "report"), TimeSpan.FromSeconds(5));

            outcome.Rendered.Should().BeFalse();
            outcome.Reason.Should().Contain("allure-commandline not found").And.Contain("scripts/setup.sh");
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Test]
    public async Task A_missing_results_folder_renders_nothing_and_says_so()
    {
        var outcome = await new ReportRenderer("/usr/bin/true", "/usr/bin/java")
            .RenderAsync("/nonexistent/veilorqa-results", "/tmp/veilorqa-never-report", TimeSpan.FromSeconds(5));

        outcome.Rendered.Should().BeFalse();
        outcome.Reason.Should().Contain("/nonexistent/veilorqa-results");
    }
}
