using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Deployments;

namespace VeilorQA.Harness.Tests.Guest.Deployments;

/// <summary>The deployment probe's ostree path against a real directory sysroot (no bootc on this host).</summary>
[Category("Integration")]
public class DeploymentProbeIntegrationTests
{
    [Test]
    public async Task Two_deployments_of_a_directory_sysroot_read_back_with_their_versions()
    {
        HostTool.Require("ostree", "ostree");
        using var dir = new ScratchDirectory("ostree");
        var shell = new LocalBashShell($"export OSTREE_SYSROOT={dir.File("sysroot")}; ");
        var repo = dir.File("sysroot") + "/ostree/repo";
        var tree = dir.File("tree");
        var build =
            $"set -e; mkdir -p {dir.File("sysroot")} {tree}/usr/bin {tree}/usr/etc {tree}/usr/lib/modules/6.1.0-test; "
            + $"echo ID=debian > {tree}/usr/lib/os-release; echo k > {tree}/usr/lib/modules/6.1.0-test/vmlinuz; echo i > {tree}/usr/lib/modules/6.1.0-test/initramfs.img; "
            + $"ostree admin init-fs {dir.File("sysroot")} >/dev/null; ostree admin os-init debian >/dev/null; "
            + $"echo 1 > {tree}/usr/bin/v; a=$(ostree --repo={repo} commit --branch=debian/12 --tree=dir={tree} --add-metadata-string=version=1.0 -s one); "
            + $"echo 2 > {tree}/usr/bin/v; b=$(ostree --repo={repo} commit --branch=debian/12 --tree=dir={tree} --add-metadata-string=version=2.0 -s two); "
            + "ostree admin deploy --os=debian $a >/dev/null; ostree admin deploy --os=debian $b >/dev/null";
        (await shell.RunAsync(build, TimeSpan.FromSeconds(120))).EnsureSuccess();
        try
        {
            var probe = new DeploymentProbe(shell);

            var status = await probe.ReadOstreeAsync();
            var state = await probe.ReadAsync();

            status.Deployments.Select(d => d.Version).Should().Equal("2.0", "1.0");
            status.Deployments.Should().OnlyContain(d => d.Stateroot == "debian" && d.Checksum.Length == 64);
            state.Source.Should().Be("ostree");
            state.Booted.Should().BeNull("a sysroot in a directory is not the booted system");
        }
        finally
        {
            // ostree marks deployment roots immutable; clear that so the scratch directory can go.
            await shell.RunAsync($"chattr -R -i {dir.File("sysroot")}/ostree/deploy 2>/dev/null; true", TimeSpan.FromSeconds(30));
        }
    }
}
