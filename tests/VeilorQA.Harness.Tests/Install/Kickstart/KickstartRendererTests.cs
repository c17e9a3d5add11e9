using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the 0600 test reads Unix file modes
public sealed class KickstartRendererTests
{
    private string _dir = null!;

    private static KickstartTemplate Template => KickstartTemplate.Load(KickstartSamples.TemplatePath);

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-ks-test-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void The_image_is_pinned_by_digest_in_the_registry_the_guest_pulls_from()
    {
        var rendered = KickstartRenderer.Render(Template, KickstartSamples.Parameters());

        var url = $"10.0.2.2:5000/veilorqa/reference@{KickstartSamples.Digest}";
        rendered.ImageUrl.Should().Be(url);
        rendered.Document.OstreeContainer.Url.Should().Be(url, "the tag is dropped: containers/image refuses tag + digest");
        rendered.MaskedText.Should().Contain($"ostreecontainer --url={url} --transport=registry");
    }

    [TestCase("veilorqa/reference:1")]
    [TestCase("veilorqa/reference@sha256:abc")]
    [TestCase("veilorqa/reference@sha512:aaaa")]
    public void An_image_not_pinned_by_a_sha256_digest_is_refused(string image) =>
        FluentActions.Invoking(() => PinnedImageReference.Parse(image, "10.0.2.2:5000")).Should().Throw<FormatException>().WithMessage("*REPOSITORY@sha256:<64 hex digits>*");

    [Test]
    public void An_image_in_another_registry_is_refused_and_the_same_registry_is_removed()
    {
        PinnedImageReference.Parse($"10.0.2.2:5000/veilorqa/reference@{KickstartSamples.Digest}", "10.0.2.2:5000")
            .Should().Be(new PinnedImageReference("veilorqa/reference", KickstartSamples.Digest));
        FluentActions.Invoking(() => PinnedImageReference.Parse($"ghcr.io/veilor/veilor-os@{KickstartSamples.Digest}", "10.0.2.2:5000"))
            .Should().Throw<FormatException>().WithMessage("*names registry 'ghcr.io'*");
    }

    [Test]
    public void The_kickstart_file_is_created_owner_only_even_over_a_readable_file()
    {
        var path = Path.Combine(_dir, "ks.cfg");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var rendered = KickstartRenderer.Render(Template, KickstartSamples.Parameters());

        rendered.WriteTo(path);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(path).Should().Be(rendered.Text.Reveal());
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Test]
    public void The_masked_copy_never_contains_the_passphrase_and_still_passes_the_checker()
    {
        var parameters = KickstartSamples.Parameters();
        var rendered = KickstartRenderer.Render(Template, parameters);
        var masked = Path.Combine(_dir, "ks.cfg.masked");

        rendered.WriteMaskedTo(masked);

        var pass = parameters.Passphrase.Reveal();
        rendered.Text.Reveal().Should().Contain(KickstartWords.Quote(pass));
        File.ReadAllText(masked).Should().NotContain(pass).And.NotContain("battery").And.Contain("--passphrase=********");
        rendered.ToString().Should().Be(rendered.MaskedText);
        $"{rendered.Text}".Should().Be(Secret.Mask);
        KickstartParser.Parse(rendered.MaskedText, "masked").Root.Passphrase!.Reveal().Should().Be(KickstartSecrets.Mask);
    }

    [Test]
    public void A_passphrase_that_also_appears_in_the_template_is_masked_everywhere()
    {
        var rendered = KickstartRenderer.Render(Template, KickstartSamples.Parameters(passphrase: "veilorqa"));

        rendered.MaskedText.Should().NotContain("veilorqa");
        rendered.Text.Reveal().Should().Contain("--name=veilorqa");
    }

    [Test]
    public void The_end_action_is_rendered()
    {
        KickstartRenderer.Render(Template, KickstartSamples.Parameters(end: EndAction.Reboot)).Document.EndAction.Should().Be(EndAction.Reboot);
        KickstartRenderer.Render(Template, KickstartSamples.Parameters(end: EndAction.Poweroff)).Document.EndAction.Should().Be(EndAction.Poweroff);
    }

    [TestCase("registry", "10.0.2.2", "registry '10.0.2.2' is not HOST:PORT")]
    [TestCase("registry", "10.0.2.2:99999", "registry '10.0.2.2:99999' is not HOST:PORT")]
    [TestCase("disk", "/dev/vda", "disk '/dev/vda' is not a kernel disk name")]
    [TestCase("key", "ssh-ed25519", "SSH public key is not one OpenSSH public key line")]
    [TestCase("key", "ssh-ed25519 AAAA\nssh-rsa BBBB", "SSH public key is not one OpenSSH public key line")]
    [TestCase("passphrase", "two\nlines", "passphrase contains a control character")]
    public void A_bad_value_is_refused_naming_its_field(string field, string value, string message)
    {
        var p = KickstartSamples.Parameters();
        p = field switch
        {
            "registry" => p with { Registry = value },
            "disk" => p with { Disk = value },
            "key" => p with { SshPublicKey = value },
            _ => p with { Passphrase = new Secret(value) },
        };

        var error = FluentActions.Invoking(() => KickstartRenderer.Render(Template, p)).Should().Throw<KickstartRenderException>().Which;

        error.Message.Should().Contain(message);
        if (field == "passphrase")
        {
            error.Message.Should().NotContain("two");
        }
    }

    [Test]
    public void A_template_with_an_unknown_field_is_refused()
    {
        var template = Template with { Text = Template.Text + "\n@NTP_SERVER@\n", Source = "custom.ks.in" };

        FluentActions.Invoking(() => KickstartRenderer.Render(template, KickstartSamples.Parameters()))
            .Should().Throw<KickstartRenderException>().WithMessage("*custom.ks.in: unknown field(s) @NTP_SERVER@*");
    }

    [Test]
    public void A_template_that_renders_into_a_refused_kickstart_is_refused_with_the_line_and_no_passphrase()
    {
        var template = Template with { Text = Template.Text.Replace("bootloader --timeout=1", "bootloader --timeout=1 --bogus", StringComparison.Ordinal), Source = "custom.ks.in" };

        var error = FluentActions.Invoking(() => KickstartRenderer.Render(template, KickstartSamples.Parameters()))
            .Should().Throw<KickstartRenderException>().Which;

        error.Message.Should().Contain("custom.ks.in (rendered):15: The following problem occurred on line 15")
            .And.Contain("Unexpected arguments to bootloader command: ['--bogus']");
    }

    [Test]
    public void A_template_that_drops_the_passphrase_is_refused()
    {
        var template = Template with { Text = Template.Text.Replace(" --encrypted --luks-version=luks2 --passphrase=@PASSPHRASE@", string.Empty, StringComparison.Ordinal), Source = "custom.ks.in" };

        FluentActions.Invoking(() => KickstartRenderer.Render(template, KickstartSamples.Parameters()))
            .Should().Throw<KickstartRenderException>().WithMessage("*custom.ks.in: its part / is not --encrypted with @PASSPHRASE@*");
    }
}
