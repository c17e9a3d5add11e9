using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

public class ResultsSummaryTests
{
    [Test]
    public void The_summary_counts_each_status_and_lists_problems_with_their_first_message_line()
    {
        var summary = ResultsSummary.Of(
        [
            SampleResults.With("Boots", AllureStatus.Passed),
            SampleResults.With("Wifi", AllureStatus.Failed, "\nExpected: connected\n  But was: disconnected"),
            SampleResults.With("Usb", AllureStatus.Broken, "libvirt: cannot connect"),
            SampleResults.With("Tpm", AllureStatus.Skipped, "no TPM"),
        ]);

        summary.Count(AllureStatus.Passed).Should().Be(1);
        summary.Total.Should().Be(4);
        summary.IsGreen.Should().BeFalse();
        summary.ToText().Should().Be(
            "status   tests\n" +
            "passed       1\n" +
            "failed       1\n" +
            "broken       1\n" +
            "skipped      1\n" +
            "total        4\n" +
            "\n" +
            "FAILED Suite.Wifi: Expected: connected\n" +
            "BROKEN Suite.Usb: libvirt: cannot connect\n");
    }

    [Test]
    public void A_retried_test_counts_once_with_its_last_result()
    {
        var summary = ResultsSummary.Of(
        [
            SampleResults.With("Flaky", AllureStatus.Broken, "ssh reset", stop: SampleResults.Start + 10),
            SampleResults.With("Flaky", AllureStatus.Passed, stop: SampleResults.Start + 20),
        ]);

        summary.Total.Should().Be(1);
        summary.IsGreen.Should().BeTrue();
    }

    [Test]
    public void A_results_folder_is_read_from_its_result_files()
    {
        var folder = Directory.CreateTempSubdirectory("veilorqa-summary-").FullName;
        try
        {
            var writer = new AllureResultsWriter(folder);
            writer.Write(SampleResults.Failed());
            writer.Write(SampleResults.Container());
            writer.WriteCategories();

            var summary = ResultsSummary.Read(folder);

            summary.Total.Should().Be(1);
            summary.Problems.Should().ContainSingle().Which.FirstMessageLine.Should().Be("Expected: \"connected\"");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_missing_results_folder_is_named_in_the_error() =>
        FluentActions.Invoking(() => ResultsSummary.Read("/nonexistent/veilorqa-results"))
            .Should().Throw<DirectoryNotFoundException>().WithMessage("*/nonexistent/veilorqa-results*");
}
