using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Cli.Commands;

public class ReleaseReportEnvironmentTests
{
    private static readonly ResolvedRun Reference = RunResolver.Resolve(
        TestMatrixLoader.Load(MatrixSamples.RealMatrix), MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = ["reference"] }).Single();

    [Test]
    public void The_report_environment_says_which_emulation_accommodation_a_run_had()
    {
        var facts = new Dictionary<string, string>
        {
            ["veilorqa_accelerator"] = "TCG, KVM unusable: emulation failure",
            ["veilorqa_emulation_accommodation"] = "watchdog_thresh=60 on every boot (SMBIOS SKU word tcg-slow): …",
        };

        var environment = ReleaseReport.Environment("GO", [new ReleaseReport.RunRecord(Reference, facts)]);

        environment.Should().Contain("reference: emulation accommodation", "watchdog_thresh=60 on every boot (SMBIOS SKU word tcg-slow): …");
    }

    [Test]
    public void A_run_whose_target_reported_no_accommodation_gets_no_such_line()
    {
        var environment = ReleaseReport.Environment("GO", [new ReleaseReport.RunRecord(Reference, new Dictionary<string, string>())]);

        environment.Keys.Should().NotContain(k => k.EndsWith("emulation accommodation", StringComparison.Ordinal));
    }
}
