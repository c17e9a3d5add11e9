using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Harness.Reporting;
using VeilorQA.Harness.Security;

namespace VeilorQA.Reporting.Sample;

/// <summary>One passing, one failing, one erroring and one ignored test.</summary>
[Property("Feature", "reporting")]
public class FourOutcomes
{
    // The smallest valid PNG: 1×1, one grey pixel.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==");

    private Secret _secret = null!;

    [OneTimeSetUp]
    public void StartTarget()
    {
        _secret = SampleSecret.Register();
        Report.Step("boot the sample target", () => Report.Attach("boot log", $"booted, unlocked with {SampleSecret.Value}"));
    }

    [Test]
    [Category("smoke")]
    [Property("Severity", "critical")]
    public async Task Passes()
    {
        Report.Parameter("target", "vm-q35");
        Report.Parameter("artifact", "reference-guest");
        Report.Parameter("passphrase", _secret);
        Report.Step("outer step", () =>
        {
            Report.Step("inner step", () => Report.Attach("console", $"login ok; typed {SampleSecret.Value}"), new Parameter("fault", "none"));
            Report.Attach("screen", Png, AttachmentTypes.Png);
        });
        await Report.StepAsync("async step", async () =>
        {
            await Task.Yield();
            Report.Attach("devices", "id,name\n0627:0001,usb-kbd\n", AttachmentTypes.Csv);
        });
        Assert.That(Environment.ProcessorCount, Is.GreaterThan(0));
    }

    [Test]
    public void Fails()
    {
        var answer = int.Parse("41", System.Globalization.CultureInfo.InvariantCulture);
        Report.Step("check the answer", () => Assert.That(answer, Is.EqualTo(42), "the answer is wrong"));
    }

    [Test]
    public void Errors() => throw new InvalidOperationException($"the test code is broken ({SampleSecret.Value})");

    [Test]
    [Ignore("not on this target")]
    public void IsIgnored() => Assert.Fail("an ignored test never runs");
}
