using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Faults;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Tests.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Install.Faults;

public sealed class InstallFaultTests
{
    private static string Rendered() =>
        KickstartRenderer.Render(KickstartTemplate.Load(KickstartSamples.TemplatePath), KickstartSamples.Parameters()).Text.Reveal();

    [Test]
    public void Every_matrix_name_maps_to_one_kind_and_unknown_names_are_not_install_faults()
    {
        InstallFault.Names.Select(n => InstallFault.Find(n)!.Kind).Should().OnlyHaveUniqueItems().And.HaveCount(Enum.GetValues<InstallFaultKind>().Length);
        InstallFault.Find("nomodeset").Should().BeNull();
        InstallFault.Find("install-").Should().BeNull();
    }

    [Test]
    public void Registry_unreachable_moves_the_url_to_an_unused_port_and_keeps_the_kickstart_valid()
    {
        var fault = InstallFault.Find("install-registry-unreachable")!;
        var text = fault.ApplyToKickstart(Rendered(), 45555);

        var document = KickstartParser.Parse(text, "ks.cfg");

        document.OstreeContainer.Url.Should().Be($"10.0.2.2:45555/veilorqa/reference@{KickstartSamples.Digest}");
        text.Should().Contain("location = \"10.0.2.2:5000\"", "only --url moves: the %pre drop-in still names the real registry");
    }

    [Test]
    public void Tag_missing_drops_the_digest_and_asks_for_a_tag_nobody_pushed()
    {
        var text = InstallFault.Find("install-tag-missing")!.ApplyToKickstart(Rendered(), 1);

        KickstartParser.Parse(text, "ks.cfg").OstreeContainer.Url.Should().Be($"10.0.2.2:5000/veilorqa/reference:{InstallFault.MissingTag}");
    }

    [Test]
    public void Kickstart_syntax_adds_a_line_the_installer_refuses_and_skips_the_harness_pre_check()
    {
        var fault = InstallFault.Find("install-kickstart-syntax")!;
        var text = fault.ApplyToKickstart(Rendered(), 1);

        fault.KickstartPreChecked.Should().BeFalse();
        var refusal = () => KickstartParser.Parse(text, "ks.cfg");
        refusal.Should().Throw<KickstartParseException>().Which.Message.Should().Contain("Unknown command: firewall").And.Contain(InstallFault.RefusedLine);
    }

    [Test]
    public void Post_fails_appends_an_erroronfail_script_that_exits_3()
    {
        var text = InstallFault.Find("install-post-fails")!.ApplyToKickstart(Rendered(), 1);

        var posts = KickstartParser.Parse(text, "ks.cfg").ScriptsOf(ScriptKind.Post).ToList();
        posts.Should().HaveCount(2);
        posts[^1].ErrorOnFail.Should().BeTrue();
        posts[^1].Body.Should().Contain("exit 3");
    }

    [Test]
    public void Disk_too_small_and_network_late_change_the_plan_not_the_kickstart()
    {
        var small = InstallFault.Find("install-disk-too-small")!;
        var late = InstallFault.Find("install-network-late")!;
        var rendered = Rendered();

        small.ApplyToKickstart(rendered, 1).Should().Be(rendered);
        late.ApplyToKickstart(rendered, 1).Should().Be(rendered);
        small.DiskSizeGib(12).Should().Be(InstallFault.TooSmallDiskGib).And.BeLessThan((600 + 1024 + 3000) / 1024 + 1);
        late.DiskSizeGib(12).Should().Be(12);
        late.InstallerArguments.Should().Equal("inst.veilorqa.link-delay=600", "inst.dhcptimeout=15");
        small.InstallerArguments.Should().BeEmpty();
    }
}
