using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Candidate;

namespace VeilorQA.Harness.Tests.Images.Candidate;

[TestFixture]
public sealed class CandidateDigestsTests
{
    private const string V1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string V2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Test]
    public void Reads_the_three_keys_and_skips_comments_and_blank_lines()
    {
        var digests = CandidateDigests.Parse(["# written by build.sh", "", $"IMAGE_V1_DIGEST={V1}", $"IMAGE_V2_DIGEST={V2}", "IMAGE_KERNEL=6.1.0-50-amd64"], "digests.env");

        digests.Should().Be(new CandidateDigests(V1, V2, "6.1.0-50-amd64"));
        digests.DigestOf("1").Should().Be(V1);
        digests.DigestOf("2").Should().Be(V2);
        FluentActions.Invoking(() => digests.DigestOf("3")).Should().Throw<ArgumentException>().WithMessage("*tags 1 and 2*'3'*");
    }

    [TestCase("IMAGE_V1_DIGEST")]
    [TestCase("IMAGE_V2_DIGEST")]
    [TestCase("IMAGE_KERNEL")]
    public void A_missing_key_is_named_with_the_file(string key)
    {
        var lines = new[] { $"IMAGE_V1_DIGEST={V1}", $"IMAGE_V2_DIGEST={V2}", "IMAGE_KERNEL=6.1.0-50-amd64" }.Where(l => !l.StartsWith(key + "=", StringComparison.Ordinal));

        FluentActions.Invoking(() => CandidateDigests.Parse(lines, "/cache/x/image/digests.env"))
            .Should().Throw<FormatException>().WithMessage($"/cache/x/image/digests.env has no value for {key}");
    }

    [TestCase("IMAGE_V1_DIGEST=", "has no value for IMAGE_V1_DIGEST")]
    [TestCase("IMAGE_V1_DIGEST=sha256:abc", "IMAGE_V1_DIGEST='sha256:abc' is not a manifest digest*")]
    [TestCase("IMAGE_V1_DIGEST=1111111111111111111111111111111111111111111111111111111111111111", "IMAGE_V1_DIGEST=* is not a manifest digest*")]
    [TestCase("IMAGE_V1_DIGEST=sha256:AAAA111111111111111111111111111111111111111111111111111111111111", "IMAGE_V1_DIGEST=* is not a manifest digest*")]
    public void A_malformed_digest_is_named_with_the_file_and_key(string line, string expected)
    {
        FluentActions.Invoking(() => CandidateDigests.Parse([line, $"IMAGE_V2_DIGEST={V2}", "IMAGE_KERNEL=k"], "d.env"))
            .Should().Throw<FormatException>().WithMessage("d.env*" + expected);
    }

    [Test]
    public void A_line_that_is_not_key_value_is_named_by_number()
    {
        FluentActions.Invoking(() => CandidateDigests.Parse([$"IMAGE_V1_DIGEST={V1}", "garbage"], "d.env"))
            .Should().Throw<FormatException>().WithMessage("d.env line 2 is not KEY=VALUE: 'garbage'");
    }

    [Test]
    public void A_key_set_twice_is_refused()
    {
        FluentActions.Invoking(() => CandidateDigests.Parse([$"IMAGE_V1_DIGEST={V1}", $"IMAGE_V1_DIGEST={V2}"], "d.env"))
            .Should().Throw<FormatException>().WithMessage("d.env line 2: IMAGE_V1_DIGEST is set twice");
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "veilorqa-no-such-" + Guid.NewGuid().ToString("N"), "digests.env");

        FluentActions.Invoking(() => CandidateDigests.Load(path)).Should().Throw<FormatException>().WithMessage($"{path} does not exist*");
    }

    [Test]
    public void A_layout_is_read_and_its_index_must_agree_with_digests_env()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-oci-test-").FullName;
        try
        {
            var image = TestOciLayout.Write(dir);
            var v1 = image.Describe("1");
            var v2 = image.Describe("2");
            v1.Layers.Should().Be(1);
            v2.Layers.Should().Be(2);
            v2.Bytes.Should().BeGreaterThan(v1.Bytes);
            v1.Digest.Should().Be(image.Digests.V1).And.NotBe(image.Digests.V2);
            image.SourceReference("2").Should().Be($"oci:{dir}:2");

            File.WriteAllText(Path.Combine(dir, CandidateDigests.FileName), $"IMAGE_V1_DIGEST={image.Digests.V2}\nIMAGE_V2_DIGEST={image.Digests.V2}\nIMAGE_KERNEL=k\n");
            FluentActions.Invoking(() => CandidateImage.Load(dir).Describe("1"))
                .Should().Throw<FormatException>().WithMessage($"*index.json tags '1' as {image.Digests.V1}, but digests.env records {image.Digests.V2}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_folder_without_index_json_is_no_layout()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-oci-test-").FullName;
        try
        {
            FluentActions.Invoking(() => CandidateImage.Load(dir)).Should().Throw<FormatException>().WithMessage($"{dir} is not an OCI image layout (no index.json)*");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
