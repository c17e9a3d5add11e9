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

    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "0402")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_secret_file_its_group_or_others_can_reach_is_refused_naming_the_file_and_mode_but_not_the_value(UnixFileMode mode, string octal)
    {
        var file = Path.Combine(Path.GetTempPath(), $"veilorqa-secret-{Guid.NewGuid():N}");
        File.WriteAllText(file, "shared-passphrase\n");
        try
        {
            File.SetUnixFileMode(file, mode);

            var read = () => Secret.FromFile(file);

            read.Should().Throw<UnauthorizedAccessException>()
                .Which.Message.Should().Contain(file).And.Contain(octal).And.Contain("chmod 600").And.NotContain("shared-passphrase");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_secret_file_only_its_owner_can_read_gives_its_value_without_the_newline()
    {
        var file = Path.Combine(Path.GetTempPath(), $"veilorqa-secret-{Guid.NewGuid():N}");
        File.WriteAllText(file, "owner-passphrase\n");
        try
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            Secret.FromFile(file).Reveal().Should().Be("owner-passphrase");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
