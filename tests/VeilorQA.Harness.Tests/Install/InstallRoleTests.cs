using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Install;

public sealed class InstallRoleTests
{
    [Test]
    public void Every_installing_run_of_the_matrix_names_its_three_vms_within_libvirts_64_characters()
    {
        var matrix = TestMatrixLoader.Load(Path.Combine(MatrixSamples.RepositoryRoot, TestMatrixLoader.DefaultFileName));
        var run = RunId.New();
        var installing = matrix.Runs.Where(r => matrix.Target(r.Target) is VmProfile { InstallImage: not null }).ToList();

        installing.Should().NotBeEmpty();
        foreach (var role in installing.Select(r => r.Name))
        {
            var install = InstallingVmTarget.InstallRole(role);
            foreach (var name in new[] { run.Name(role), run.Name(install), run.Name(install + "-bare") })
            {
                name.Length.Should().BeLessThanOrEqualTo(64, $"run '{role}' names domain {name}");
                name.Should().MatchRegex("^[a-z0-9-]+$");
            }
        }
    }

    [Test]
    public void A_long_role_is_cut_without_a_trailing_dash()
    {
        InstallingVmTarget.InstallRole("install").Should().Be("install-inst");
        InstallingVmTarget.InstallRole("install-fault-registry-unreachable").Should().Be("install-fault-registry-unre-inst");
        InstallingVmTarget.InstallRole("install-fault-kickstart-syntax").Should().Be("install-fault-kickstart-syn-inst");
    }
}
