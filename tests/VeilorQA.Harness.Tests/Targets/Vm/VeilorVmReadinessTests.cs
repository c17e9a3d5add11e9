using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Targets.Vm;

/// <summary>veilor-vm is a target this build can make; what it lacks here (the ISO's host, the passphrase's variable) is said before anything starts.</summary>
public sealed class VeilorVmReadinessTests
{
    private static readonly TestMatrix Real = TestMatrixLoader.Load(MatrixSamples.RealMatrix);

    [Test]
    public void The_release_vm_run_is_one_this_build_can_make()
    {
        var run = ReleaseVm();

        TargetFactory.WhyCannotCreate(run).Should().BeNull();
        run.Artifact.Should().BeOfType<IsoArtifact>();
        run.InstallImage.Should().BeOfType<OciImageArtifact>();
    }

    [Test]
    public void Without_the_passphrase_variable_and_a_resolvable_iso_host_the_run_says_which_artifact_field_and_variable()
    {
        var reasons = RunReadiness.Check(ReleaseVm(), catalogue: null, environment: _ => null, resolveHost: _ => false);

        reasons.Should().Contain("artifact 'veilor-iso' field luks_passphrase_env: environment variable VEILORQA_VEILOR_LUKS_PASSPHRASE is not set or empty here");
        reasons.Should().ContainSingle(r => r.StartsWith("artifact 'veilor-iso' field url: host releases.veilor.invalid of https://releases.veilor.invalid/", StringComparison.Ordinal)
                                            && r.Contains("is not in the download cache", StringComparison.Ordinal));
    }

    [Test]
    public void With_the_variable_set_and_the_host_resolving_nothing_is_missing()
    {
        var reasons = RunReadiness.Check(ReleaseVm(), catalogue: null, environment: v => v == "VEILORQA_VEILOR_LUKS_PASSPHRASE" ? "a passphrase" : null, resolveHost: _ => true);

        reasons.Should().BeEmpty();
    }

    [Test]
    public void Resolving_a_missing_passphrase_fails_with_one_error_naming_artifact_field_and_variable()
    {
        var act = () => ArtifactSecret.Resolve("veilor-iso", "luks_passphrase", SecretReference.Environment("VEILORQA_TEST_UNSET_PASSPHRASE"), _ => null);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("artifact 'veilor-iso' field luks_passphrase_env: environment variable VEILORQA_TEST_UNSET_PASSPHRASE is not set or empty here");
    }

    [Test]
    public void An_artifact_without_a_passphrase_reference_is_refused_by_name()
    {
        ArtifactSecret.WhyUnavailable("veilor-iso", "luks_passphrase", null).Should()
            .Be("artifact 'veilor-iso' names no luks_passphrase_env (an environment variable) or luks_passphrase_file: the install needs it");
    }

    [Test]
    public void A_resolved_passphrase_is_registered_with_the_redactor_and_never_named_by_a_later_error()
    {
        var value = "pp-" + Guid.NewGuid().ToString("N");

        var secret = ArtifactSecret.Resolve("veilor-iso", "luks_passphrase", SecretReference.Environment("VEILORQA_TEST_PASSPHRASE"), v => v == "VEILORQA_TEST_PASSPHRASE" ? value : null);

        secret.Reveal().Should().Be(value);
        secret.ToString().Should().NotContain(value);
        Redactor.Global.Redact($"typed {value} here").Should().NotContain(value);
    }

    [Test]
    public void Registry_credentials_the_image_names_are_checked_too()
    {
        var image = new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", null)
        {
            RegistryUser = SecretReference.Environment("VEILORQA_GHCR_USER"),
            RegistryPassword = SecretReference.Environment("VEILORQA_GHCR_TOKEN"),
        };
        var run = ReleaseVm() with { InstallImage = image };

        var reasons = RunReadiness.Check(run, catalogue: null, environment: v => v == "VEILORQA_VEILOR_LUKS_PASSPHRASE" ? "x" : null, resolveHost: _ => true);

        reasons.Should().Equal(
            "artifact 'veilor-image' field registry_user_env: environment variable VEILORQA_GHCR_USER is not set or empty here",
            "artifact 'veilor-image' field registry_password_env: environment variable VEILORQA_GHCR_TOKEN is not set or empty here");
    }

    [Test]
    public async Task Creating_the_target_without_the_passphrase_fails_before_the_iso_is_fetched_or_anything_starts()
    {
        var run = ReleaseVm();
        var lines = new List<string>();

        var act = () => InstallingVmTarget.CreateAsync((VeilorQA.Harness.Matrix.Targets.VmProfile)run.Target, (IsoArtifact)run.Artifact!, (OciImageArtifact)run.InstallImage!,
            [], "release-vm", lines.Add, CancellationToken.None, environment: _ => null);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Be("artifact 'veilor-iso' field luks_passphrase_env: environment variable VEILORQA_VEILOR_LUKS_PASSPHRASE is not set or empty here");
        lines.Should().BeEmpty("nothing was downloaded, generated or defined");
    }

    private static ResolvedRun ReleaseVm() =>
        RunResolver.Resolve(Real, MatrixSamples.RealMatrix, MatrixSelection.Default with { Runs = ["release-vm"] }).Single();
}
