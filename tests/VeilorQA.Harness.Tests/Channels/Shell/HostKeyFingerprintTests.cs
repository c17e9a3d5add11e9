using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Channels.Shell;

public class HostKeyFingerprintTests
{
    [Test]
    public async Task The_fingerprint_of_a_public_key_file_equals_what_ssh_keygen_prints()
    {
        var directory = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"hostkey-{Guid.NewGuid():N}"[..20]));
        Directory.CreateDirectory(directory);
        try
        {
            var key = Path.Combine(directory, "ssh_host_ed25519_key");
            await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key], TimeSpan.FromSeconds(20));
            var printed = (await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", key + ".pub"], TimeSpan.FromSeconds(20))).Split(' ')[1];

            var fingerprint = HostKeyFingerprint.FromPublicKeyFile(key + ".pub");

            fingerprint.Value.Should().Be(printed).And.StartWith("SHA256:");
            HostKeyFingerprint.Parse(printed).Should().Be(fingerprint);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Padding_and_surrounding_space_are_tolerated()
    {
        var fingerprint = HostKeyFingerprint.Parse("  SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og= ");

        fingerprint.ToString().Should().Be("SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og");
        HostKeyFingerprint.FromBase64("ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og").Should().Be(fingerprint);
    }

    [TestCase("ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og", "SHA256:<base64>")]
    [TestCase("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", "SHA256:<base64>")]
    [TestCase("SHA256:not*base64", "not base64")]
    [TestCase("SHA256:AAAA", "3 bytes")]
    public void A_malformed_fingerprint_says_what_is_wrong(string text, string expected)
    {
        var parse = () => HostKeyFingerprint.Parse(text);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }
}
