using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Reporting;

public class AllureResultsWriterTests
{
    private const string Passphrase = "correct-horse-battery-staple";
    private string _results = null!;
    private Redactor _redactor = null!;

    [SetUp]
    public void CreateFolder()
    {
        _results = Directory.CreateTempSubdirectory("veilorqa-writer-").FullName;
        _redactor = new Redactor();
        _redactor.Register(new Secret(Passphrase));
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_results, recursive: true);

    [Test]
    public void A_secret_in_any_text_of_a_result_is_written_masked()
    {
        var leaky = SampleResults.Failed() with
        {
            Name = $"unlock with {Passphrase}",
            StatusDetails = new StatusDetails { Message = $"typed {Passphrase}", Trace = $"at Unlock({Passphrase})" },
            Steps = [new StepResult { Name = $"type {Passphrase}", Parameters = [new Parameter("key", Passphrase)] }],
            Parameters = [new Parameter("passphrase", Passphrase)],
            Labels = [Label.Tag(Passphrase)],
        };

        var json = File.ReadAllText(new AllureResultsWriter(_results, _redactor).Write(leaky));

        json.Should().NotContain(Passphrase);
        json.Should().Contain($"unlock with {Secret.Mask}").And.Contain($"typed {Secret.Mask}").And.Contain($"type {Secret.Mask}");
    }

    [Test]
    public void A_masked_parameter_never_carries_its_value()
    {
        var result = SampleResults.Failed() with { Parameters = [new Parameter("token", "not-registered-anywhere") { Mode = ParameterMode.Masked }] };

        var read = AllureJson.Deserialize<TestResult>(File.ReadAllText(new AllureResultsWriter(_results, _redactor).Write(result)));

        read.Parameters.Should().ContainSingle().Which.Should().Be(new Parameter("token", Secret.Mask) { Mode = ParameterMode.Masked });
    }

    [Test]
    public void A_secret_parameter_value_becomes_a_masked_parameter() =>
        Parameter.Of("passphrase", new Secret(Passphrase)).Should().Be(Parameter.Masked("passphrase"));

    [Test]
    public void A_text_attachment_is_redacted_and_named_by_its_type()
    {
        var writer = new AllureResultsWriter(_results, _redactor);

        var attachment = writer.WriteAttachment("serial", $"Please enter passphrase: {Passphrase}\nunlocked", AttachmentTypes.Text);

        attachment.Source.Should().EndWith("-attachment.txt");
        attachment.Type.Should().Be("text/plain");
        File.ReadAllText(Path.Combine(_results, attachment.Source)).Should().Be("Please enter passphrase: ******\nunlocked");
    }

    [Test]
    public void Json_and_csv_attachments_are_redacted_too()
    {
        var writer = new AllureResultsWriter(_results, _redactor);

        var json = writer.WriteAttachment("status", $"{{\"pass\":\"{Passphrase}\"}}", AttachmentTypes.Json);
        var csv = writer.WriteAttachment("keys", $"name,value\nluks,{Passphrase}\n", AttachmentTypes.Csv);

        json.Source.Should().EndWith(".json");
        csv.Source.Should().EndWith(".csv");
        File.ReadAllText(Path.Combine(_results, json.Source)).Should().Be("{\"pass\":\"******\"}");
        File.ReadAllText(Path.Combine(_results, csv.Source)).Should().Be("name,value\nluks,******\n");
    }

    [Test]
    public void A_png_attachment_is_written_byte_for_byte()
    {
        // Bytes that happen to spell the secret must survive in a binary file: redaction is for text only.
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 }.Concat(Encoding.UTF8.GetBytes(Passphrase)).ToArray();

        var attachment = new AllureResultsWriter(_results, _redactor).WriteAttachment("screen", png, AttachmentTypes.Png);

        attachment.Source.Should().EndWith("-attachment.png");
        File.ReadAllBytes(Path.Combine(_results, attachment.Source)).Should().Equal(png);
    }

    [Test]
    public void Results_written_from_many_threads_all_arrive_whole()
    {
        var writer = new AllureResultsWriter(_results, _redactor);

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var attachment = writer.WriteAttachment($"log {i}", $"line {i}");
            writer.Write(SampleResults.Failed() with { Uuid = writer.NewUuid(), Name = $"test {i}", Attachments = [attachment] });
            writer.WriteEnvironment(new Dictionary<string, string> { [$"key{i % 10}"] = $"{i}" });
        });

        var results = Directory.GetFiles(_results, "*-result.json");
        results.Should().HaveCount(200);
        results.Select(f => AllureJson.Deserialize<TestResult>(File.ReadAllText(f)).Name).Should().OnlyHaveUniqueItems();
        Directory.GetFiles(_results, "*-attachment.txt").Should().HaveCount(200);
        Directory.GetFiles(_results, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
        File.ReadAllLines(Path.Combine(_results, "environment.properties")).Should().HaveCount(10);
    }

    [Test]
    public void The_results_folder_comes_from_VEILORQA_ALLURE_RESULTS_or_defaults_to_the_working_folder()
    {
        var before = Environment.GetEnvironmentVariable(AllureResultsDirectory.Variable);
        try
        {
            Environment.SetEnvironmentVariable(AllureResultsDirectory.Variable, _results);
            AllureResultsWriter.FromEnvironment().Directory.Should().Be(_results);

            Environment.SetEnvironmentVariable(AllureResultsDirectory.Variable, null);
            AllureResultsDirectory.Resolve().Should().Be(Path.Combine(Directory.GetCurrentDirectory(), "allure-results"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(AllureResultsDirectory.Variable, before);
        }
    }

    [Test]
    public void An_unknown_attachment_type_gets_the_bin_extension() =>
        AttachmentTypes.ExtensionOf("application/x-veilor-dump").Should().Be("bin");
}
