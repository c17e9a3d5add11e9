using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Shell;

namespace VeilorQA.Harness.Tests.Channels.Shell;

public class SshShellOptionsTests
{
    private static readonly HostKeyFingerprint Key = HostKeyFingerprint.Parse("SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og");

    private static SshShellOptions Valid => new("10.1.2.3", 22, "root") { PrivateKeyFile = "/keys/lab", PinnedHostKey = Key };

    [Test]
    public void Valid_options_make_a_shell_that_names_its_endpoint()
    {
        new SshShell(Valid).Endpoint.Should().Be("root@10.1.2.3:22");
    }

    [Test]
    public void A_host_key_must_be_pinned_or_trusted_on_first_use()
    {
        var create = () => new SshShell(Valid with { PinnedHostKey = null });

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain("must be pinned (SHA256:...) or trusted on first use");
    }

    [Test]
    public void A_pinned_key_excludes_trust_on_first_use()
    {
        var create = () => new SshShell(Valid with { TrustHostKeyOnFirstUse = true });

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain("cannot be on as well");
    }

    [Test]
    public void A_key_file_is_required_and_the_message_says_why_no_agent()
    {
        var create = () => new SshShell(Valid with { PrivateKeyFile = null });

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain("no ssh-agent support");
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void A_port_outside_the_range_is_refused(int port)
    {
        var create = () => new SshShell(Valid with { Port = port });

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void The_key_file_can_come_from_the_environment()
    {
        var variable = "VEILORQA_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, "/run/keys/laptop-1");
        try
        {
            (Valid with { PrivateKeyFile = null }).WithKeyFileFromEnvironment(variable).PrivateKeyFile.Should().Be("/run/keys/laptop-1");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void An_unset_key_variable_is_named()
    {
        var read = () => Valid.WithKeyFileFromEnvironment("VEILORQA_TEST_UNSET_KEY");

        read.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("VEILORQA_TEST_UNSET_KEY").And.Contain("root@10.1.2.3:22");
    }
}
