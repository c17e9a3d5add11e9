using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Libvirt.Remote;

namespace VeilorQA.Harness.Tests.Libvirt.Remote;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the wrapper is a Linux shell script with a file mode
public sealed class LibvirtUriTests
{
    private string _folder = null!;
    private string _key = null!;
    private string _knownHosts = null!;

    [SetUp]
    public void CreateKeyFiles()
    {
        _folder = Directory.CreateTempSubdirectory("libvirt-uri-").FullName;
        _key = Path.Combine(_folder, "id_ed25519");
        _knownHosts = Path.Combine(_folder, "known_hosts");
        File.WriteAllText(_key, "not a real key");
        File.WriteAllText(_knownHosts, "kvm-host ssh-ed25519 AAAA");
    }

    [TearDown]
    public void RemoveKeyFiles() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_local_uri_is_handed_to_libvirt_unchanged()
    {
        var uri = LibvirtUri.Parse("qemu:///system");

        uri.IsRemote.Should().BeFalse();
        uri.ForLibvirt(_folder).Should().Be("qemu:///system");
        LibvirtUri.ForLibvirtIfRemote("test:///default").Should().Be("test:///default");
    }

    [Test]
    public void A_remote_uri_yields_user_host_port_key_and_pin()
    {
        var uri = LibvirtUri.Parse($"qemu+ssh://root@kvm-host:2222/system?keyfile={_key}&known_hosts={_knownHosts}");

        uri.IsRemote.Should().BeTrue();
        (uri.User, uri.Host, uri.Port, uri.KeyFile, uri.KnownHostsFile).Should().Be(("root", "kvm-host", 2222, _key, _knownHosts));
        uri.ToString().Should().Be("qemu+ssh://root@kvm-host:2222/system");
    }

    [Test]
    public void An_ssh_uri_reaches_libvirt_through_a_wrapper_that_runs_ssh_with_only_the_pinned_known_hosts_file()
    {
        var wrappers = Path.Combine(_folder, "ssh");

        var text = LibvirtUri.Parse($"qemu+ssh://root@kvm-host/system?keyfile={_key}&known_hosts={_knownHosts}").ForLibvirt(wrappers);

        text.Should().StartWith($"qemu+ssh://root@kvm-host/system?keyfile={Uri.EscapeDataString(_key)}&no_tty=1&command=");
        text.Should().NotContain("known_hosts=", "OpenSSH's transport ignores it; the wrapper pins instead");
        var wrapper = Uri.UnescapeDataString(text[(text.IndexOf("command=", StringComparison.Ordinal) + "command=".Length)..]);
        Path.GetDirectoryName(wrapper).Should().Be(wrappers);
        var script = File.ReadAllText(wrapper);
        script.Should().Contain($"-o 'UserKnownHostsFile={_knownHosts}'")
            .And.Contain("-o GlobalKnownHostsFile=/dev/null")
            .And.Contain("-o StrictHostKeyChecking=yes")
            .And.Contain("-o BatchMode=yes");
        File.GetUnixFileMode(wrapper).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Test]
    public void A_libssh_uri_asks_libvirt_itself_to_verify_the_pin_and_use_the_key()
    {
        var text = LibvirtUri.Parse($"qemu+libssh://root@kvm-host/system?keyfile={_key}&known_hosts={_knownHosts}").ForLibvirt(_folder);

        text.Should().Contain($"known_hosts={Uri.EscapeDataString(_knownHosts)}")
            .And.Contain("known_hosts_verify=normal")
            .And.Contain("sshauth=privkey");
    }

    [TestCase("qemu+ssh://root@kvm-host/system?keyfile=/k", "known_hosts= must name an absolute file")]
    [TestCase("qemu+ssh://root@kvm-host/system?known_hosts=/kh", "keyfile= must name an absolute file")]
    [TestCase("qemu+ssh://root@kvm-host/system?keyfile=k&known_hosts=/kh", "keyfile= must name an absolute file")]
    [TestCase("qemu+ssh://root@kvm-host/system?keyfile=/k&known_hosts=/kh&no_verify=1", "no_verify would stop verifying the host key")]
    [TestCase("qemu+libssh://root@kvm-host/system?keyfile=/k&known_hosts=/kh&known_hosts_verify=ignore", "known_hosts_verify would stop verifying the host key")]
    [TestCase("qemu+ssh://root@kvm-host/system?keyfile=/k&known_hosts=/kh&command=/bin/sh", "command= is set by the harness")]
    [TestCase("qemu+ssh://root@kvm-host/session?keyfile=/k&known_hosts=/kh", "path '/session' is not /system")]
    [TestCase("qemu+tcp://kvm-host/system", "transport 'qemu+tcp' is not supported")]
    [TestCase("xen:///system", "is not a QEMU libvirt URI")]
    [TestCase("qemu://kvm-host/system", "a local URI has no host or parameters")]
    public void An_unsafe_or_unusable_uri_is_refused_saying_why(string text, string reason)
    {
        var act = () => LibvirtUri.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"'{text}'*{reason}*");
    }

    [Test]
    public void A_missing_key_file_is_named_before_ssh_runs()
    {
        var missing = Path.Combine(_folder, "absent-key");

        var act = () => LibvirtUri.ForLibvirtIfRemote($"qemu+ssh://root@kvm-host/system?keyfile={missing}&known_hosts={_knownHosts}");

        act.Should().Throw<ArgumentException>().WithMessage($"*the private key file {missing} does not exist*");
    }
}
