using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

public sealed class KickstartParserTests
{
    [Test]
    public void The_rendered_veilor_template_passes_the_checker()
    {
        var rendered = KickstartRenderer.Render(KickstartTemplate.Load(KickstartSamples.TemplatePath), KickstartSamples.Parameters());

        var document = KickstartParser.Parse(rendered.Text.Reveal(), "veilor.ks");

        document.Mode.Should().Be(InstallerMode.Text);
        document.Partitions.Select(p => (p.MountPoint, p.FsType)).Should().Equal(("/boot/efi", "efi"), ("/boot", "ext4"), ("/", "ext4"));
        document.Root.Should().Match<PartitionCommand>(p => p.Encrypted && p.LuksVersion == "luks2" && p.Grow && p.SizeMiB == 3000 && p.OnDisk == "vda");
        document.Root.Passphrase!.Reveal().Should().Be(KickstartSamples.Parameters().Passphrase.Reveal());
        document.OstreeContainer.Transport.Should().Be(OstreeTransport.Registry);
        document.IgnoreDisk!.OnlyUse.Should().Be("vda");
        document.ClearPart.Should().Match<ClearPartCommand>(c => c.All && c.InitLabel && c.Drives == "vda" && c.DiskLabel == "gpt");
        document.SshKeys.Select(k => k.UserName).Should().Equal("root", "veilorqa");
        document.SshKeys.Should().OnlyContain(k => k.Key == KickstartSamples.SshKey);
        document.Users.Should().ContainSingle(u => u.Name == "veilorqa" && u.Groups == "wheel" && u.Lock && u.Gecos == "VeilorQA harness");
        document.RootPassword.Should().Match<RootPasswordCommand>(r => r.Lock && r.Password == null);
        document.EndAction.Should().Be(EndAction.Poweroff);
        document.ScriptsOf(ScriptKind.Pre).Should().ContainSingle().Which.Body.Should().Contain("location = \"10.0.2.2:5000\"").And.Contain("insecure = true")
            .And.Contain("/etc/containers/registries.conf.d/");
        document.ScriptsOf(ScriptKind.Post).Should().ContainSingle().Which.Should().Match<KickstartScript>(s => !s.Chroot && s.Log != null);
        document.ScriptsOf(ScriptKind.OnError).Should().ContainSingle();
    }

    [Test]
    public void The_dev_scripts_hand_made_kickstart_passes_once_its_fields_are_filled()
    {
        var document = KickstartParser.Parse(KickstartSamples.FilledDevKickstart(), KickstartSamples.DevKickstartPath);

        document.OstreeContainer.Url.Should().EndWith(KickstartSamples.Digest);
        document.OstreeContainer.NoSignatureVerification.Should().BeTrue();
        document.Networks.Should().ContainSingle(n => n.Activate && n.Device == "link" && n.Hostname == "veilorqa-installed");
        document.Scripts.Select(s => s.Kind).Should().Equal(ScriptKind.Pre, ScriptKind.Post, ScriptKind.OnError);
        document.EndAction.Should().Be(EndAction.Poweroff);
    }

    [TestCaseSource(typeof(KickstartSamples), nameof(KickstartSamples.Rejections))]
    public void A_refused_kickstart_names_the_file_the_line_number_and_the_line(KickstartSamples.Rejection sample)
    {
        var act = () => KickstartParser.Parse(sample.Text, "user.ks");

        var error = act.Should().Throw<KickstartParseException>().Which;
        error.LineNumber.Should().Be(sample.Line);
        error.Reason.Should().Be(sample.Reason);
        error.FileName.Should().Be("user.ks");
        var physical = KickstartParser.SplitLines(sample.Text);
        var offending = KickstartSecrets.MaskText(physical[sample.Line - 1].Trim());
        error.Line.Should().StartWith(offending.TrimEnd('\\'));
        error.Message.Should().StartWith($"user.ks:{sample.Line}: The following problem occurred on line {sample.Line} of the kickstart file:")
            .And.Contain(sample.Reason).And.Contain($"{sample.Line} | {error.Line}");
    }

    [Test]
    public void The_error_of_a_line_holding_the_passphrase_masks_it()
    {
        var text = KickstartSamples.ReplaceLine(4, $"part / --fstype=ext4 --bogus --encrypted --passphrase='{KickstartSamples.Passphrase}'");

        var act = () => KickstartParser.Parse(text, "user.ks");

        var error = act.Should().Throw<KickstartParseException>().Which;
        error.LineNumber.Should().Be(4);
        error.Message.Should().NotContain("s3cret").And.Contain("--passphrase=********");
    }

    [Test]
    public void The_minimal_sample_is_accepted_so_every_rejection_is_caused_by_its_one_change()
    {
        var document = KickstartParser.Parse(KickstartSamples.Minimal, "minimal.ks");

        document.Partitions.Should().HaveCount(2);
        document.Root.Passphrase!.Reveal().Should().Be(KickstartSamples.Passphrase);
        document.Root.Passphrase.ToString().Should().NotContain("s3cret");
    }

    [Test]
    public void Comments_quotes_and_continued_lines_are_read_as_pykickstart_reads_them()
    {
        var text = KickstartSamples.ReplaceLine(2, "bootloader --timeout=3 --append=\"quiet \\\n   splash\"  # trailing comment\n# a comment line\n\n  lang   'de_DE.UTF-8'#glued comment");

        var document = KickstartParser.Parse(text, "user.ks");

        document.Bootloader.Should().Match<BootloaderCommand>(b => b.Timeout == 3 && b.Append == "quiet splash" && b.Line == 2);
        document.Language.Should().Be("de_DE.UTF-8");
    }

    [Test]
    public void A_repeated_single_command_keeps_its_last_value_and_no_end_command_means_halt()
    {
        var text = KickstartSamples.ReplaceLine(6, "lang fr_FR.UTF-8");

        var document = KickstartParser.Parse(text, "user.ks");

        document.Language.Should().Be("fr_FR.UTF-8");
        document.EndAction.Should().BeNull();
        document.EffectiveEndAction.Should().Be(EndAction.Halt);
    }

    [Test]
    public void Script_headers_carry_their_options()
    {
        var text = KickstartSamples.Minimal + "%post --erroronfail --logfile=/root/post.log --interpreter=/bin/bash\nexit 1\n%end\n";

        var post = KickstartParser.Parse(text, "user.ks").ScriptsOf(ScriptKind.Post).Last();

        post.Should().Match<KickstartScript>(s => s.ErrorOnFail && s.Log == "/root/post.log" && s.Interpreter == "/bin/bash" && s.Chroot && s.Line == 10 && s.Body == "exit 1\n");
    }
}
