using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

public sealed class KickstartSecretsTests
{
    [TestCase("part / --encrypted --passphrase=hunter2 --grow", "part / --encrypted --passphrase=******** --grow")]
    [TestCase("part / --passphrase \"two words\" --grow", "part / --passphrase ******** --grow")]
    [TestCase("part / --passphrase='it is' --grow", "part / --passphrase=******** --grow")]
    [TestCase("user --name=qa --password=$6$salt$hash --iscrypted", "user --name=qa --password=******** --iscrypted")]
    [TestCase("rootpw --plaintext hunter2", "rootpw --plaintext ********")]
    [TestCase("rootpw --lock", "rootpw --lock")]
    [TestCase("  {\"auths\": {\"10.0.2.2:5000\": {\"auth\": \"cWE6aHVudGVyMg==\"}}}", "  {\"auths\": {\"10.0.2.2:5000\": {\"auth\": \"********\"}}}")]
    public void Secrets_on_a_kickstart_line_are_masked(string line, string masked) =>
        KickstartSecrets.MaskText(line).Should().Be(masked);

    [Test]
    public void A_known_secret_is_masked_wherever_it_appears() =>
        KickstartSecrets.MaskText("echo hunter2 > /tmp/x", ["hunter2"]).Should().Be("echo ******** > /tmp/x");
}
