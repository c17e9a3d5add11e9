using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Targets.Bootc;
using VeilorQA.Harness.Tests.Guest;

namespace VeilorQA.Harness.Tests.Targets.Bootc;

public class BootcUpdateChannelTests
{
    private const string Digest = "sha256:2f0e4b7c9a1d3e5f7081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";

    [Test]
    public async Task A_host_that_tracks_the_candidate_reference_is_upgraded_with_bootc_upgrade()
    {
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.BootcStatusJson, Sample.Read("bootc/status-staged-booted.json"))
            .Answer("bootc upgrade", "Fetching quay.io/example/someimage:latest\nQueued for next boot: quay.io/example/someimage:latest\n");
        var channel = new BootcUpdateChannel(new OciImageArtifact("candidate", "quay.io/example/someimage:latest", null));

        var staged = await channel.StageCandidateAsync(shell);

        shell.Commands.Should().Equal(DeploymentProbe.BootcStatusJson, "bootc upgrade");
        staged.Candidate.Should().Be("quay.io/example/someimage:latest");
        staged.ImageDigest.Should().BeNull("an unpinned tag's digest is known only once bootc staged it");
        staged.Checksum.Should().BeNull();
        staged.Transcript.Should().Contain("$ bootc upgrade").And.Contain("Queued for next boot");
    }

    [Test]
    public async Task A_host_that_tracks_another_reference_is_switched_to_the_pinned_candidate_over_the_registry_transport()
    {
        var expected = $"bootc switch --transport registry 'ghcr.io/veilor/veilor-os@{Digest}'";
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.BootcStatusJson, Sample.Read("bootc/status-staged-booted.json"))
            .Answer(expected, "Queued for next boot\n");
        var channel = new BootcUpdateChannel(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", Digest));

        var staged = await channel.StageCandidateAsync(shell);

        shell.Commands.Should().Equal(DeploymentProbe.BootcStatusJson, expected);
        staged.ImageDigest.Should().Be(Digest, "a candidate pinned by digest must boot exactly that image");
    }

    [Test]
    public void The_tag_a_host_tracks_over_an_ostree_remote_signature_is_still_upgraded_in_place()
    {
        var status = BootcStatusParser.Parse(Sample.Read("bootc/status-rollback-queued.json"));
        var channel = new BootcUpdateChannel(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", null));

        channel.StageCommandFor(status).Should().Be(BootcUpdateChannel.Upgrade);
    }

    [Test]
    public void A_host_that_tracks_the_tag_is_switched_when_the_candidate_is_pinned_by_digest()
    {
        var status = BootcStatusParser.Parse(Sample.Read("bootc/status-rollback-queued.json"));
        var channel = new BootcUpdateChannel(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", Digest));

        // `bootc upgrade` would fetch whatever the tag points to now, not the build under test.
        channel.StageCommandFor(status).Should().Be($"bootc switch --transport registry 'ghcr.io/veilor/veilor-os@{Digest}'");
    }

    [Test]
    public async Task A_system_bootc_does_not_manage_is_refused_before_anything_is_fetched()
    {
        var shell = new RecordedShell().Answer(DeploymentProbe.BootcStatusJson, Sample.Read("bootc/status-v1-null.json"));
        var channel = new BootcUpdateChannel(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", null));

        var act = () => channel.StageCandidateAsync(shell);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("bootc does not manage this system*");
        shell.Commands.Should().Equal(DeploymentProbe.BootcStatusJson);
    }

    [Test]
    public async Task A_booted_deployment_with_local_rpm_ostree_changes_is_refused_with_the_reason()
    {
        var incompatible = Sample.Read("bootc/status-staged-booted.json").Replace("\"incompatible\":false", "\"incompatible\":true", StringComparison.Ordinal);
        var shell = new RecordedShell().Answer(DeploymentProbe.BootcStatusJson, incompatible);
        var channel = new BootcUpdateChannel(new OciImageArtifact("candidate", "quay.io/example/someimage:latest", null));

        var act = () => channel.StageCandidateAsync(shell);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*local rpm-ostree changes*incompatible*");
        shell.Commands.Should().Equal(DeploymentProbe.BootcStatusJson);
    }

    [Test]
    public async Task A_failed_switch_carries_what_bootc_said()
    {
        var switchCommand = "bootc switch --transport registry 'ghcr.io/veilor/veilor-os:44'";
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.BootcStatusJson, Sample.Read("bootc/status-rollback-queued.json"))
            .Answer(switchCommand, string.Empty, exitCode: 1, stderr: "error: Switching: Pulling: Creating importer: failed to invoke method OpenImage: manifest unknown");
        var channel = new BootcUpdateChannel(new OciImageArtifact("next", "ghcr.io/veilor/veilor-os:44", null));

        var act = () => channel.StageCandidateAsync(shell);

        (await act.Should().ThrowAsync<ShellCommandException>()).WithMessage("*exited 1*manifest unknown*");
    }

    [Test]
    public async Task Rollback_asks_bootc_to_roll_back_and_fails_with_its_reason()
    {
        var shell = new RecordedShell().Answer(BootcUpdateChannel.Rollback, string.Empty, exitCode: 1, stderr: "error: No rollback available");
        var channel = new BootcUpdateChannel(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", null));

        var act = () => channel.RequestRollbackAsync(shell);

        (await act.Should().ThrowAsync<ShellCommandException>()).WithMessage("*No rollback available*");
        shell.Commands.Should().Equal(BootcUpdateChannel.Rollback);
    }

    [Test]
    public void A_candidate_that_is_not_an_OCI_image_is_refused_naming_its_kind()
    {
        var act = () => BootcUpdateChannel.For(new ReferenceGuestArtifact("reference", "/src/vms/reference"));

        act.Should().Throw<ArgumentException>().WithMessage("candidate artifact 'reference' is of kind 'reference-guest'*'oci-image'*");
    }
}
