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

    [Test]
    public void A_short_secret_is_masked_where_it_stands_alone_but_not_inside_hex_digits()
    {
        var redactor = new Redactor();
        redactor.Register(new Secret("4a26"));

        redactor.Redact("R09: fffff3d2004a2601 pw=4a26\n4a26 (4a26)").Should().Be("R09: fffff3d2004a2601 pw=******\n****** (******)");
    }

    [Test]
    public void A_secret_of_eight_characters_or_more_is_masked_everywhere()
    {
        var redactor = new Redactor();
        redactor.Register(new Secret("0a1b2c3d"));

        redactor.Redact("R09: ffff0a1b2c3d9e").Should().Be("R09: ffff******9e");
    }
}
