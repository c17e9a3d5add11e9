using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Guest;

namespace VeilorQA.Harness.Tests.Targets.Vm;

public class ReferenceUpdateChannelTests
{
    private static readonly ReferenceGuestBuild Build = new()
    {
        Directory = "/nonexistent/reference/0000",
        RecipeHash = "0000000000000000",
        Kernel = "6.1.0-50-amd64",
        CommitV1 = "879167700c6ff760a9c4b41d408081ff1505860dc967476388d3dbb3acb1951e",
        CommitV2 = "26f3a9e53acb50899d43f6388b13a9c468662a82a2d0a79d9bd8c32bebd7a2df",
        LuksUuid = "l",
        RootUuid = "r",
        BootUuid = "b",
        BuildTime = TimeSpan.FromMinutes(2),
    };

    [Test]
    public async Task Staging_refuses_a_guest_that_does_not_boot_v1_before_uploading_the_delta()
    {
        using var scratch = new ScratchDirectory("refupdate");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "update"));
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "update", "update.commit"), Build.CommitV2 + "\n");
        var build = Build with { Directory = scratch.Path, CommitV1 = "eef64e7d1ff5508d0a3f36605780c0d1837dc95e2701aa81b44cc834efb25a0b" };
        var shell = new RecordedShell().Answer(DeploymentProbe.OstreeAdminStatusText, Sample.Read("ostree/admin-status-booted-staged-rollback.txt"));

        var act = () => new ReferenceUpdateChannel(build, TimeSpan.FromMinutes(1)).StageCandidateAsync(shell);

        // The delta is relative to v1: applied onto anything else it fails in a way that names nothing useful.
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("the reference guest's update delta applies to v1 (eef64e7d1ff5), but the booted deployment is 26f3a9e53acb.0 (deployments:*");
        shell.Commands.Should().Equal(DeploymentProbe.OstreeAdminStatusText);
    }

    [Test]
    public async Task Staging_refuses_a_build_whose_update_commit_is_not_its_v2()
    {
        using var scratch = new ScratchDirectory("refupdate");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "update"));
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "update", "update.commit"), Build.CommitV1 + "\n");
        var shell = new RecordedShell();

        var act = () => new ReferenceUpdateChannel(Build with { Directory = scratch.Path }, TimeSpan.FromMinutes(1)).StageCandidateAsync(shell);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*inconsistent: update/update.commit names 879167700c6f*");
        shell.Commands.Should().BeEmpty();
    }

    [Test]
    public async Task Rollback_redeploys_the_rollback_commit_in_its_stateroot_with_the_grub_generator_set()
    {
        var expected = ". /etc/profile.d/veilorqa-ostree.sh && ostree admin deploy --os='debian' 879167700c6ff760a9c4b41d408081ff1505860dc967476388d3dbb3acb1951e";
        var shell = new RecordedShell()
            .Answer(DeploymentProbe.OstreeAdminStatusText, Sample.Read("ostree/admin-status-booted-staged-rollback.txt"))
            .Answer(expected, string.Empty);

        await new ReferenceUpdateChannel(Build, TimeSpan.FromMinutes(1)).RequestRollbackAsync(shell);

        shell.Commands.Should().Equal(DeploymentProbe.OstreeAdminStatusText, expected);
    }

    [Test]
    public async Task Rollback_without_a_rollback_deployment_says_so_and_changes_nothing()
    {
        var shell = new RecordedShell().Answer(DeploymentProbe.OstreeAdminStatusText, Sample.Read("ostree/admin-status-one-deployment.txt"));

        var act = () => new ReferenceUpdateChannel(Build, TimeSpan.FromMinutes(1)).RequestRollbackAsync(shell);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("there is no rollback deployment to return to*");
        shell.Commands.Should().Equal(DeploymentProbe.OstreeAdminStatusText);
    }
}
