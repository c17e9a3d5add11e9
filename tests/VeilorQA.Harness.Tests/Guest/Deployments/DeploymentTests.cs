using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Deployments;

namespace VeilorQA.Harness.Tests.Guest.Deployments;

public class DeploymentTests
{
    [Test]
    public void Bootc_status_with_a_staged_update_gives_both_digests()
    {
        var status = BootcStatusParser.Parse(Sample.Read("bootc/status-staged-booted.json"));

        status.ApiVersion.Should().Be("org.containers.bootc/v1");
        status.IsBootcHost.Should().BeTrue();
        status.Booted!.Image!.ImageDigest.Should().Be("sha256:736b359467c9437c1ac915acaae952aad854e07eb4a16a94999a48af08c83c34");
        status.Booted.Image.Image.Should().Be(new BootcImageReference("quay.io/example/someimage:latest", "registry", "insecure"));
        status.Staged!.ImageDigest.Should().Be("sha256:16dc2b6256b4ff0d2ec18d2dbfb06d117904010c8cf9732cdb022818cf7a7566");
        status.Staged.Image!.Timestamp.Should().Be(new DateTimeOffset(2023, 10, 14, 19, 22, 15, 420, TimeSpan.Zero));
        status.Staged.Ostree.Should().Be(new BootcOstreeEntry("3c6dad657109522e0b2e49bf44b5420f16f0b438b5b9357e5132211cfbad135d", 0, "default"));
        status.Rollback.Should().BeNull();
    }

    [Test]
    public void Bootc_status_after_a_rollback_shows_the_queue_pins_and_an_ostree_remote_signature()
    {
        var status = BootcStatusParser.Parse(Sample.Read("bootc/status-rollback-queued.json"));

        status.RollbackQueued.Should().BeTrue();
        status.BootOrder.Should().Be("rollback");
        status.SpecImage!.Signature.Should().Be("ostreeRemote:veilor");
        status.Rollback!.Pinned.Should().BeTrue();
        status.Rollback.Incompatible.Should().BeTrue();
        status.Rollback.Version.Should().Be("43.20261113.0");
        status.Staged.Should().BeNull();
    }

    [Test]
    public void A_host_bootc_does_not_manage_has_no_booted_entry()
    {
        var status = BootcStatusParser.Parse(Sample.Read("bootc/status-v1-null.json"));

        status.IsBootcHost.Should().BeFalse();
        status.ToDeploymentState().Booted.Should().BeNull();
    }

    [Test]
    public void Bootc_yaml_instead_of_json_is_reported_with_the_command()
    {
        var act = () => BootcStatusParser.Parse("apiVersion: org.containers.bootc/v1\nkind: BootcHost\n");

        act.Should().Throw<GuestOutputException>().WithMessage("Cannot read bootc status --format=json: not JSON*");
    }

    [Test]
    public void Ostree_admin_status_captured_on_a_directory_sysroot_lists_deployments_in_order()
    {
        var status = OstreeAdminStatus.Parse(Sample.Read("ostree/admin-status-two-deployments.txt"));

        status.Deployments.Select(d => (d.Stateroot, d.Serial, d.Version)).Should().Equal(("debian", 1, "12.7.1"), ("debian", 0, "12.7.2"));
        status.Deployments[0].Checksum.Should().Be("879167700c6ff760a9c4b41d408081ff1505860dc967476388d3dbb3acb1951e");
        status.Booted.Should().BeNull("nothing is booted from a sysroot in a temp directory");
    }

    [Test]
    public void Ostree_admin_status_shows_a_pinned_deployment()
    {
        var status = OstreeAdminStatus.Parse(Sample.Read("ostree/admin-status-pinned.txt"));

        status.Deployments.Select(d => d.Pinned).Should().Equal(false, true);
    }

    [Test]
    public void Ostree_booted_staged_and_rollback_markers_map_to_the_common_view()
    {
        var state = OstreeAdminStatus.Parse(Sample.Read("ostree/admin-status-booted-staged-rollback.txt")).ToDeploymentState();

        state.Source.Should().Be("ostree");
        state.Booted!.Version.Should().Be("12.7.2");
        state.Staged!.Checksum.Should().StartWith("eef64e7d");
        state.Rollback!.Serial.Should().Be(1);
        state.Rollback.Pinned.Should().BeTrue();
    }

    [Test]
    public void A_pending_ostree_deployment_plays_the_part_of_the_staged_entry()
    {
        var state = OstreeAdminStatus.Parse(Sample.Read("ostree/admin-status-booted-pending.txt")).ToDeploymentState();

        state.Staged!.Version.Should().Be("12.7.1");
        state.Booted!.Version.Should().Be("12.7.2");
    }

    [Test]
    public void Both_sources_give_the_same_shape_so_an_upgrade_check_is_written_once()
    {
        var bootc = BootcStatusParser.Parse(Sample.Read("bootc/status-staged-booted.json")).ToDeploymentState();
        var ostree = OstreeAdminStatus.Parse(Sample.Read("ostree/admin-status-booted-staged-rollback.txt")).ToDeploymentState();

        foreach (var state in new[] { bootc, ostree })
        {
            state.Booted!.Checksum.Should().NotBe(state.Staged!.Checksum, $"{state.Source} stages a different commit");
        }

        bootc.ToString().Should().Be("[bootc] booted: nightly 26836632adf6.0 sha256:736b359467c9437c1ac915acaae952aad854e07eb4a16a94999a48af08c83c34; staged: nightly 3c6dad657109.0 sha256:16dc2b6256b4ff0d2ec18d2dbfb06d117904010c8cf9732cdb022818cf7a7566; rollback: none");
    }

    [Test]
    public void A_line_outside_any_deployment_is_an_error_naming_it()
    {
        var act = () => OstreeAdminStatus.Parse("error: something\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*ostree admin status*error: something*");
    }

    [Test]
    public async Task The_probe_uses_bootc_when_the_guest_has_it()
    {
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.HasBootc, "/usr/bin/bootc\n")
            .Answer(DeploymentProbe.BootcStatusJson, Sample.Read("bootc/status-staged-booted.json"));

        var state = await new DeploymentProbe(shell).ReadAsync();

        state.Source.Should().Be("bootc");
        shell.Commands.Should().NotContain(DeploymentProbe.OstreeAdminStatusText);
    }

    [Test]
    public async Task The_probe_falls_back_to_ostree_on_the_reference_guest()
    {
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.HasBootc, string.Empty, exitCode: 1)
            .Answer(DeploymentProbe.OstreeAdminStatusText, Sample.Read("ostree/admin-status-booted-staged-rollback.txt"));

        var state = await new DeploymentProbe(shell).ReadAsync();

        state.Source.Should().Be("ostree");
        state.Booted!.Version.Should().Be("12.7.2");
    }
}
