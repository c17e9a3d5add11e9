using System.Text;
using CliWrap;
using CliWrap.Buffered;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Tests.Reporting;

namespace VeilorQA.Harness.Tests.Cli.Commands;

public class OutputRedactionTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-redaction-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_secret_planted_in_every_kind_of_output_file_appears_in_none_after_the_run_folder_is_redacted()
    {
        var secret = new Secret("planted-passphrase-" + Guid.NewGuid().ToString("N")[..10]);
        var redactor = new Redactor();
        redactor.Register(secret);
        var clear = secret.Reveal();
        var files = new Dictionary<string, byte[]>
        {
            ["release.trx"] = Utf8($"<UnitTestResult outcome=\"Failed\"><Message>Expected passphrase not to be \"{clear}\"</Message></UnitTestResult>"),
            ["release-tests.log"] = Utf8($"  Failed boot_cycle\n  Error Message:\n   the prompt answered {clear}\n"),
            ["verdicts.json"] = Utf8($"{{\"reason\":\"typed {clear}\"}}"),
            [Path.Combine("allure-results", "0001-result.json")] = Utf8($"{{\"statusDetails\":{{\"message\":\"{clear}\"}}}}"),
            [Path.Combine("allure-results", "0002-attachment.txt")] = Utf8($"console: {clear}\r\n"),
            [Path.Combine("allure-results", "0003-attachment.png")] = [0x89, 0x50, 0x4E, 0x47, .. Encoding.UTF8.GetBytes(clear), 0x00, 0xFF],
        };
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(_dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        var changed = OutputRedaction.RedactTree(_dir, redactor);

        changed.Should().Be(files.Count);
        foreach (var file in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(clear)).Should().Be(-1, $"{file} must not hold the secret");
        }

        File.ReadAllText(Path.Combine(_dir, "release.trx")).Should().Contain($"not to be \"{Secret.Mask}\"");
        File.ReadAllBytes(Path.Combine(_dir, "allure-results", "0003-attachment.png")).Should().HaveCount(files[Path.Combine("allure-results", "0003-attachment.png")].Length);
    }

    [Test]
    public void The_console_of_the_run_masks_a_secret_in_every_line_it_prints()
    {
        var secret = new Secret("console-passphrase-" + Guid.NewGuid().ToString("N")[..10]);
        Redactor.Global.Register(secret);
        var inner = new StringWriter();
        var console = OutputRedaction.Console(inner);

        console.WriteLine($"NOT MET [product] boot-luks: typed {secret.Reveal()}");
        console.Write(secret.Reveal());

        inner.ToString().Should().NotContain(secret.Reveal()).And.Contain($"typed {Secret.Mask}");
    }

    [Test]
    [Category("Integration")]
    public async Task A_secret_in_a_failing_tests_message_reaches_the_trx_and_log_of_a_real_test_run_and_no_file_after_redaction()
    {
        const string sampleSecret = "sample-luks-passphrase-7f3a";
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await SampleSuiteRun.BuildAsync(cts.Token);
        var results = Path.Combine(_dir, "allure-results");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var run = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["test", SampleSuiteRun.Project, "-c", configuration, "--no-build", "-nologo", "-p:VeilorQaSample=true",
                "--filter", "FullyQualifiedName~FourOutcomes", "--logger", "trx;LogFileName=release.trx", "--results-directory", _dir])
            .WithEnvironmentVariables(e => e.Set(AllureResultsDirectory.Variable, results))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, cts.Token);
        await File.WriteAllTextAsync(Path.Combine(_dir, "release-tests.log"), run.StandardOutput + run.StandardError, cts.Token);

        // Planted: the sample's Errors test throws with the secret in its message, so the test process wrote it in clear.
        File.ReadAllText(Path.Combine(_dir, "release.trx")).Should().Contain(sampleSecret);
        var redactor = new Redactor();
        redactor.Register(new Secret(sampleSecret));

        OutputRedaction.RedactTree(_dir, redactor);

        var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories);
        files.Should().Contain(f => f.EndsWith(".trx", StringComparison.Ordinal)).And.Contain(f => f.EndsWith("-result.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(sampleSecret)).Should().Be(-1, $"{file} must not hold the secret");
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
