using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines.Reaping;
using VeilorQA.Harness.Tests.Channels.Shell;

namespace VeilorQA.Harness.Tests.Libvirt.Remote;

/// <summary>
/// Scale-out over SSH, proven on loopback: an OpenSSH server on 127.0.0.1 with a generated host key pinned in a known_hosts
/// file and a client key from a file; this machine's libvirtd reached as <c>qemu+ssh://root@127.0.0.1:PORT/system</c>.
/// One guest boots over that connection and is reaped over it; the local <c>qemu:///system</c> sees the same VM come and go.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RemoteLibvirtIntegrationTests
{
    private SshServer _server = null!;
    private string _knownHosts = null!;

    [OneTimeSetUp]
    public async Task StartLoopbackSshd()
    {
        _server = await SshServer.StartAsync(withSftp: false);
        _knownHosts = Path.Combine(_server.Directory, "known_hosts");
        await File.WriteAllTextAsync(_knownHosts, KnownHostsLine(await File.ReadAllTextAsync(_server.HostKeyFile + ".pub")));
    }

    [OneTimeTearDown]
    public async Task StopLoopbackSshd() => await _server.DisposeAsync();

    [Test]
    public async Task A_guest_boots_over_qemu_ssh_with_the_pinned_host_key_and_is_reaped_over_the_same_connection()
    {
        var run = RunId.New();
        var name = run.Name("remote");
        using var remote = LibvirtConnection.Open(new LibvirtOptions { Uri = RemoteUri(_knownHosts) });
        using var local = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        try
        {
            using (var domain = remote.Define(DisklessDomain(name)))
            {
                domain.Start();

                domain.IsActive.Should().BeTrue();
                domain.QemuMonitorCommand("""{"execute":"query-status"}""").Should().Contain("\"status\":\"running\"", "QEMU runs the guest started over SSH");
            }

            using (var same = local.TryLookup(name))
            {
                same.Should().NotBeNull("qemu+ssh://root@127.0.0.1 reaches this machine's libvirtd");
                same!.IsActive.Should().BeTrue();
            }

            var report = new Reaper(remote, new ReaperOptions { Folders = [LibvirtHostPaths.QemuLogs], OnlyRuns = new HashSet<string> { run.Value }, IsOrphaned = _ => true }).Reap();

            report.Failures.Should().BeEmpty();
            report.RemovedDomains.Should().Equal(name);
            remote.TryLookup(name).Should().BeNull();
            local.TryLookup(name).Should().BeNull("the reap over SSH removed the VM from the host");
        }
        finally
        {
            // Whatever a failed assertion left: the same reap, over the local connection.
            new Reaper(local, new ReaperOptions { Folders = [LibvirtHostPaths.QemuLogs], OnlyRuns = new HashSet<string> { run.Value }, IsOrphaned = _ => true }).Reap();
        }
    }

    [Test]
    public async Task A_host_key_other_than_the_pinned_one_is_refused_before_libvirt_is_reached()
    {
        var otherKey = Path.Combine(_server.Directory, "other_ed25519");
        await ExternalCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "veilorqa-test", "-f", otherKey], TimeSpan.FromSeconds(20));
        var wrongPin = Path.Combine(_server.Directory, "known_hosts.wrong");
        await File.WriteAllTextAsync(wrongPin, KnownHostsLine(await File.ReadAllTextAsync(otherKey + ".pub")));

        var act = () => LibvirtConnection.Open(new LibvirtOptions { Uri = RemoteUri(wrongPin) });

        act.Should().Throw<LibvirtException>().WithMessage("*REMOTE HOST IDENTIFICATION HAS CHANGED*");
    }

    private string RemoteUri(string pinnedKnownHosts) =>
        $"qemu+ssh://root@127.0.0.1:{_server.Port}/system?keyfile={_server.ClientKeyFile}&known_hosts={pinnedKnownHosts}";

    // OpenSSH writes a non-default port's host as [host]:port; the key type and key, without the comment.
    private string KnownHostsLine(string publicKey) =>
        $"[127.0.0.1]:{_server.Port} {string.Join(' ', publicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2])}\n";

    private static string DisklessDomain(string name) => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <memory unit='MiB'>64</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
          <devices><video><model type='none'/></video></devices>
        </domain>
        """;
}
