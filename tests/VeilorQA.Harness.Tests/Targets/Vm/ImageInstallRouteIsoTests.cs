using System.Security.Cryptography;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Tests.Targets.Vm;

/// <summary>The image route checks the ISO's sha256 before anything else happens, with one error naming the artifact and the field.</summary>
public sealed class ImageInstallRouteIsoTests
{
    private string _folder = null!;
    private string _iso = null!;
    private string _sha256 = null!;

    [SetUp]
    public void MakeIso()
    {
        _folder = Directory.CreateTempSubdirectory("veilorqa-route-iso-").FullName;
        _iso = Path.Combine(_folder, "fake.iso");
        File.WriteAllBytes(_iso, [1, 2, 3, 4]);
        _sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_iso)));
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task An_iso_with_its_matrix_sha256_is_taken_from_its_path()
    {
        var resolved = await ImageInstallRoute.ResolveIsoAsync(Artifact(_sha256), _ => { }, CancellationToken.None);

        resolved.Path.Should().Be(_iso);
        resolved.Sha256.Should().Be(_sha256);
    }

    [Test]
    public async Task An_iso_with_another_sha256_is_one_error_naming_the_artifact_and_field()
    {
        var act = () => ImageInstallRoute.ResolveIsoAsync(Artifact(new string('0', 64)), _ => { }, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Be($"artifact 'veilor-iso' field sha256: the ISO at path {_iso} has sha256 {_sha256}, not {new string('0', 64)} (nothing was booted)");
    }

    [Test]
    public async Task A_missing_iso_names_the_artifact_and_its_path_field()
    {
        File.Delete(_iso);

        var act = () => ImageInstallRoute.ResolveIsoAsync(Artifact(_sha256), _ => { }, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().StartWith("artifact 'veilor-iso' field path: ");
    }

    private IsoArtifact Artifact(string sha) => new("veilor-iso", _iso, null, sha, SecretReference.Environment("VEILORQA_VEILOR_LUKS_PASSPHRASE"));
}
