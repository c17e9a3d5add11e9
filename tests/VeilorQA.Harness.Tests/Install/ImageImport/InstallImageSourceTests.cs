using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Image;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Tests.Install.ImageImport;

/// <summary>Which skopeo source an install copies into the run's registry, chosen from the oci-image artifact.</summary>
public sealed class InstallImageSourceTests
{
    private static readonly string Digest = "sha256:" + new string('c', 64);

    [Test]
    public void A_registry_image_is_pulled_by_tag_from_its_registry_when_nothing_is_pinned()
    {
        var source = InstallImageSource.Of(new OciImageArtifact("veilor-image", "ghcr.io/veilor/veilor-os:43", null));

        source.SkopeoReference.Should().Be("docker://ghcr.io/veilor/veilor-os:43");
        source.Registry.Should().Be("ghcr.io");
        source.IsLocal.Should().BeFalse();
        source.PinnedDigest.Should().BeNull();
    }

    [Test]
    public void A_pinned_registry_image_is_pulled_by_its_digest_and_keeps_its_credentials_references()
    {
        var user = SecretReference.Environment("U");
        var password = SecretReference.Environment("P");

        var source = InstallImageSource.Of(new OciImageArtifact("veilor-image", "registry.lab:5000/veilor/veilor-os:43", Digest) { RegistryUser = user, RegistryPassword = password });

        source.SkopeoReference.Should().Be($"docker://registry.lab:5000/veilor/veilor-os@{Digest}");
        source.Registry.Should().Be("registry.lab:5000");
        source.PinnedDigest.Should().Be(Digest);
        (source.User, source.Password).Should().Be((user, password));
    }

    [Test]
    public void A_local_archive_or_layout_is_read_from_disk_without_credentials()
    {
        var archive = InstallImageSource.Of(new OciImageArtifact("a", "oci-archive:/images/v.tar", null) { Local = new OciLocalImage(OciLocalFormat.Archive, "/images/v.tar", null) });
        var layout = InstallImageSource.Of(new OciImageArtifact("l", "oci:/images/layout:1", Digest) { Local = new OciLocalImage(OciLocalFormat.Layout, "/images/layout", "1") });

        archive.SkopeoReference.Should().Be("oci-archive:/images/v.tar");
        archive.IsLocal.Should().BeTrue();
        layout.SkopeoReference.Should().Be("oci:/images/layout:1");
        layout.PinnedDigest.Should().Be(Digest);
        new[] { archive.User, layout.User }.Should().AllSatisfy(u => u.Should().BeNull());
    }

    [Test]
    public void A_layout_without_a_tag_names_the_folder_alone()
    {
        new OciLocalImage(OciLocalFormat.Layout, "/images/layout", null).SkopeoReference.Should().Be("oci:/images/layout");
    }
}
