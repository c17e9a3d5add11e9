using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Security;

public class SecretTests
{
    [Test]
    public void A_secret_prints_as_a_mask_in_interpolation()
    {
        var secret = new Secret("hunter2-luks");
        $"passphrase={secret}".Should().Be("passphrase=******");
        secret.Reveal().Should().Be("hunter2-luks");
    }

    [Test]
    public void The_redactor_masks_registered_secrets_in_any_text()
    {
        var redactor = new Redactor();
        redactor.Register(new Secret("s3cr3t"));
        redactor.Redact("echoed s3cr3t back\ns3cr3t").Should().Be("echoed ****** back\n******");
    }
}
