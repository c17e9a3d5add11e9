using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Libvirt;

namespace VeilorQA.Harness.Tests.Libvirt;

[TestFixture]
public sealed class LibvirtOptionsTests
{
    [Test]
    public void The_default_uri_is_the_local_system_driver() =>
        new LibvirtOptions().Uri.Should().Be("qemu:///system");

    [Test]
    [NonParallelizable]
    public void The_environment_overrides_the_uri_unchanged()
    {
        var previous = Environment.GetEnvironmentVariable(LibvirtOptions.UriVariable);
        try
        {
            Environment.SetEnvironmentVariable(LibvirtOptions.UriVariable, "qemu+ssh://qa@lab-host/system?keyfile=/k");

            LibvirtOptions.FromEnvironment().Uri.Should().Be("qemu+ssh://qa@lab-host/system?keyfile=/k");
        }
        finally
        {
            Environment.SetEnvironmentVariable(LibvirtOptions.UriVariable, previous);
        }
    }

    [Test]
    public void A_uri_without_a_scheme_is_refused_by_name()
    {
        var act = () => new LibvirtOptions { Uri = "localhost" }.Validate();

        act.Should().Throw<ArgumentException>().WithMessage("*'localhost'*");
    }

    [Test]
    public void An_unreachable_daemon_gives_one_error_saying_to_start_libvirtd()
    {
        var uri = "qemu+unix:///system?socket=/nonexistent/veilorqa-libvirt-sock";

        var act = () => LibvirtConnection.Open(new LibvirtOptions { Uri = uri });

        act.Should().Throw<LibvirtException>()
            .WithMessage($"libvirt at {uri} is not reachable: is libvirtd running? (scripts/setup.sh starts it)*");
    }
}
