using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Reference;
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
