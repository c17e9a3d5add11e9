using NUnit.Framework;

namespace VeilorQA.Reporting.Sample;

/// <summary>Tests skipped at run time the way capability checks skip them.</summary>
public class CapabilitySkips
{
    [Test]
    public void NeedsWifi() => Assert.Ignore("target has no wifi capability");

    [Test]
    public void NeedsTpm() => Assert.Inconclusive("target has no TPM");

    [TestCase("vm-q35", 2)]
    public void Parameterized(string target, int cores) => Assert.That(cores, Is.GreaterThan(0), target);
}
