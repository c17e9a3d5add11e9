using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Branding;

namespace VeilorQA.Harness.Tests.Guest.Branding;

public class BrandingTests
{
    [Test]
    public void Os_release_values_are_unquoted()
    {
        var release = OsRelease.Parse(Sample.Read("branding/os-release-debian12.txt"));

        release["NAME"].Should().Be("Debian GNU/Linux");
        release["PRETTY_NAME"].Should().Be("Debian GNU/Linux 12 (bookworm)");
        release["VERSION_CODENAME"].Should().Be("bookworm");
        release["VARIANT_ID"].Should().BeNull();
    }

    [Test]
    public void Stat_lines_give_mode_owner_and_type()
    {
        var lines = Sample.Read("branding/stat-skel-home.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var files = lines.Select(FileStatus.Parse).ToList();

        files[0].Path.Should().Be(".config/kdeglobals");
        files[0].ModeText.Should().Be("0664");
        files[0].Owner.Should().Be("root");
        files[0].IsRegularFile.Should().BeTrue();
        files[0].IsGroupOrWorldWritable.Should().BeTrue();
        files[1].ModeText.Should().Be("0600");
        files[1].IsGroupOrWorldWritable.Should().BeFalse();
        files[2].Type.Should().Be("directory");
        files[2].IsRegularFile.Should().BeFalse();
        files[4].Type.Should().Be("character special file");
    }

    [Test]
    public void A_line_that_is_not_stat_output_is_rejected()
    {
        var act = () => FileStatus.Parse("stat: cannot statx '.config/kdeglobals': No such file or directory");

        act.Should().Throw<GuestOutputException>();
    }

    [Test]
    public void Kde_config_keys_are_found_under_their_exact_group_header()
    {
        var config = KdeConfig.Parse(Sample.Read("branding/kdeglobals-reference.txt"));

        config.Get("[KDE]", "LookAndFeelPackage").Should().Be("org.veilorqa.reference.desktop");
        config.Get("[General]", "ColorScheme").Should().Be("BreezeDark");
        config.Get("[General]", "LookAndFeelPackage").Should().BeNull();
    }

    [Test]
    public void Nested_kde_groups_are_matched_as_written()
    {
        var config = KdeConfig.Parse(Sample.Read("branding/plasma-appletsrc-reference.txt"));

        config.Get("[Containments][1][Wallpaper][org.kde.image][General]", "Image")
            .Should().Be("file:///usr/share/wallpapers/VeilorQA/contents/images/1920x1080.png");
        config.Get("[Containments][1]", "wallpaperplugin").Should().Be("org.kde.image");
        config.Get("[Containments][1]", "Image").Should().BeNull();
    }

    [Test]
    public void A_kde_key_flag_is_dropped_from_the_key_name()
    {
        // KConfig's "$e" flag (expand environment variables), as kdeglobals files write it.
        var config = KdeConfig.Parse("[Paths]\nTrash[$e]=$HOME/.trash\n");

        config.Get("[Paths]", "Trash").Should().Be("$HOME/.trash");
    }
}
