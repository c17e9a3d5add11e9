using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Tests.Matrix.Artifacts;

/// <summary>An oci-image artifact names a registry image, an OCI archive or an OCI layout, with optional registry credentials from the environment.</summary>
public sealed class OciImageSourceFieldsTests
{
    private const string Image = "  image:\n    kind: oci-image\n    reference: ghcr.io/veilor/veilor-os:43\n";
    private static readonly string Minimal = File.ReadAllText(MatrixSamples.Path("valid-minimal.yml"));
    private string _folder = null!;

    [SetUp]
    public void MakeFolder()
    {
        _folder = Directory.CreateTempSubdirectory("veilorqa-oci-fields-").FullName;
        File.WriteAllText(Path.Combine(_folder, "veilor.ociarchive"), "stand-in archive");
        Directory.CreateDirectory(Path.Combine(_folder, "layout"));
        File.WriteAllText(Path.Combine(_folder, "layout", "index.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_folder, "not-a-layout"));
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_registry_image_keeps_its_reference_and_takes_credentials_from_the_environment()
    {
        var image = Parse(Image + "    registry_user_env: VEILORQA_GHCR_USER\n    registry_password_env: VEILORQA_GHCR_TOKEN\n");

        image.Reference.Should().Be("ghcr.io/veilor/veilor-os:43");
        image.Local.Should().BeNull();
        image.RegistryUser.Should().Be(SecretReference.Environment("VEILORQA_GHCR_USER"));
        image.RegistryPassword.Should().Be(SecretReference.Environment("VEILORQA_GHCR_TOKEN"));
    }

    [Test]
    public void An_oci_archive_resolves_against_the_matrix_folder_and_becomes_an_oci_archive_reference()
    {
        var image = Parse("  image:\n    kind: oci-image\n    oci_archive: veilor.ociarchive\n");

        image.Local.Should().Be(new OciLocalImage(OciLocalFormat.Archive, Path.Combine(_folder, "veilor.ociarchive"), null));
        image.Reference.Should().Be($"oci-archive:{Path.Combine(_folder, "veilor.ociarchive")}");
        image.PullReference.Should().Be(image.Reference);
    }

    [Test]
    public void An_oci_layout_takes_a_tag_and_a_pinned_digest()
    {
        var digest = "sha256:" + new string('b', 64);

        var image = Parse($"  image:\n    kind: oci-image\n    oci_layout: layout\n    tag: \"1\"\n    digest: {digest}\n");

        image.Local.Should().Be(new OciLocalImage(OciLocalFormat.Layout, Path.Combine(_folder, "layout"), "1"));
        image.Reference.Should().Be($"oci:{Path.Combine(_folder, "layout")}:1");
        image.Digest.Should().Be(digest);
    }

    [Test]
    public void Local_images_and_credentials_survive_the_writer()
    {
        var text = Minimal.Replace(Image, "  image:\n    kind: oci-image\n    oci_layout: layout\n    tag: \"2\"\n  private:\n    kind: oci-image\n    reference: ghcr.io/veilor/private:43\n    registry_user_file: user\n    registry_password_env: TOKEN\n", StringComparison.Ordinal);
        var original = TestMatrixLoader.Parse(text, "m.yml", _folder);

        var reloaded = TestMatrixLoader.Parse(TestMatrixWriter.ToYaml(original), "written.yml", _folder);

        reloaded.Should().Be(original);
    }

    [TestCase("    oci_archive: veilor.ociarchive\n", "artifacts.image.oci_archive", "expected one of reference, oci_archive and oci_layout")]
    [TestCase("    tag: \"1\"\n", "artifacts.image.tag", "expected tag only with oci_layout")]
    [TestCase("    registry_user_env: U\n", "artifacts.image.registry_password_env", "a user and a password together")]
    [TestCase("    registry_password_env: P\n", "artifacts.image.registry_user_env", "a user and a password together")]
    [TestCase("    registry_user_env: U\n    registry_user_file: u\n    registry_password_env: P\n", "artifacts.image.registry_user_file", "only one of registry_user_env and registry_user_file")]
    public void A_registry_image_with_a_second_source_or_half_credentials_is_refused_by_field(string added, string field, string expected)
    {
        var act = () => Parse(Image + added);

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain(field).And.Contain(expected);
    }

    [TestCase("    oci_archive: missing.ociarchive\n", "artifacts.image.oci_archive", "which does not exist")]
    [TestCase("    oci_layout: not-a-layout\n", "artifacts.image.oci_layout", "which has no index.json")]
    [TestCase("    oci_archive: veilor.ociarchive\n    registry_user_env: U\n    registry_password_env: P\n", "artifacts.image.registry_user_env", "registry credentials only with reference")]
    [TestCase("    oci_layout: layout\n    tag: \"bad tag\"\n", "artifacts.image.tag", "a tag of the layout")]
    [TestCase("    digest: sha256:abc\n", "artifacts.image.reference", "reference (a registry image), oci_archive (an OCI archive file) or oci_layout")]
    public void A_local_image_that_is_not_there_or_misconfigured_is_refused_by_field(string fields, string field, string expected)
    {
        var act = () => Parse("  image:\n    kind: oci-image\n" + fields);

        act.Should().Throw<MatrixException>().Which.Message.Should().Contain(field).And.Contain(expected);
    }

    private OciImageArtifact Parse(string imageEntry)
    {
        Minimal.Should().Contain(Image);
        var matrix = TestMatrixLoader.Parse(Minimal.Replace(Image, imageEntry, StringComparison.Ordinal), "m.yml", _folder);
        return matrix.Artifact("image").Should().BeOfType<OciImageArtifact>().Subject;
    }
}
