using NUnit.Framework;

namespace VeilorQA.Reporting.Sample;

/// <summary>A fixture whose OneTimeSetUp throws: both its tests must be reported broken.</summary>
public class SetUpThrows
{
    [OneTimeSetUp]
    public void ConnectToLibvirt() => throw new InvalidOperationException("libvirt: cannot connect to qemu:///system");

    [Test]
    public void First() => Assert.Pass();

    [TestCase("vm-q35")]
    [TestCase("laptop")]
    public void Second(string target) => Assert.That(target, Is.Not.Empty);
}
