using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Matrix;

namespace VeilorQA.Harness.Tests.Matrix.Artifacts;

public class BrandingBlockTests
{
    // Inserted under artifacts.reference of valid-minimal.yml (after its line 7 "recipe: vms/reference"), so the block's
    // first line is line 8 of the matrix.
    private const string Anchor = "    recipe: vms/reference\n";

    private const string Valid =
        "    branding:\n" +                                   // 8
        "      os_release:\n" +                               // 9
        "        NAME: \"veilorqa reference\"\n" +            // 10
        "      boot_entry: \"veilorqa reference\"\n" +        // 11
        "      skel:\n" +                                     // 12
        "        .config/kdeglobals:\n" +                     // 13
        "          mode: \"0644\"\n" +                        // 14
        "          keys:\n" +                                 // 15
        "            \"[KDE] LookAndFeelPackage\": \"org.veilorqa.reference.desktop\"\n" + // 16
        "        .bashrc:\n" +                                // 17
        "          contains:\n" +                             // 18
        "            - \". /usr/share/veilorqa/bashrc\"\n";   // 19

    private static TestMatrix Parse(string branding) =>
        TestMatrixLoader.Parse(WithBranding(branding), "m.yml", MatrixSamples.Directory);

    private static string WithBranding(string branding) =>
        File.ReadAllText(MatrixSamples.Path("valid-minimal.yml")).Replace(Anchor, Anchor + branding, StringComparison.Ordinal);

    [Test]
    public void A_branding_block_gives_the_os_release_values_the_boot_entry_and_the_skel_files()
    {
        var branding = Parse(Valid).Artifact("reference").Branding!;

        branding.OsRelease.Select(v => v.ToString()).Should().Equal("NAME=veilorqa reference");
        branding.BootEntry.Should().Be("veilorqa reference");
        branding.Skel.Select(f => f.Path).Should().Equal(".config/kdeglobals", ".bashrc");
        var kdeglobals = branding.Skel[0];
        kdeglobals.ModeText.Should().Be("0644");
        kdeglobals.Keys.Select(k => (k.Group, k.Key, k.Value)).Should().Equal(("[KDE]", "LookAndFeelPackage", "org.veilorqa.reference.desktop"));
        branding.Skel[1].Mode.Should().BeNull();
        branding.Skel[1].Contains.Should().Equal(". /usr/share/veilorqa/bashrc");
    }

    [Test]
    public void An_artifact_without_a_branding_block_has_none()
    {
        Parse(string.Empty).Artifact("reference").Branding.Should().BeNull();
    }

    [TestCase("          mode: \"0644\"\n", "          mode: \"rw-r--r--\"\n", "m.yml:14:17: artifacts.reference.branding.skel..config/kdeglobals.mode: expected permission bits as an octal string like \"0644\", got 'rw-r--r--'")]
    [TestCase("\"[KDE] LookAndFeelPackage\"", "\"LookAndFeelPackage\"", "m.yml:16:13: artifacts.reference.branding.skel..config/kdeglobals.keys.LookAndFeelPackage: expected \"[Group] Key\", e.g. \"[KDE] LookAndFeelPackage\" or \"[Greeter][Wallpaper][org.kde.image][General] Image\", got 'LookAndFeelPackage'")]
    [TestCase("        .bashrc:\n", "        /etc/skel/.bashrc:\n", "m.yml:17:9: artifacts.reference.branding.skel./etc/skel/.bashrc: expected a path relative to the home folder, without '..' (like .config/kdeglobals), got '/etc/skel/.bashrc'")]
    [TestCase("        NAME:", "        Name:", "m.yml:10:9: artifacts.reference.branding.os_release.Name: expected an os-release field name of capital letters, digits and '_' (like PRETTY_NAME), got 'Name'")]
    public void A_bad_branding_value_gives_one_error_with_file_line_column_and_field(string good, string bad, string message)
    {
        var act = () => Parse(Valid.Replace(good, bad, StringComparison.Ordinal));

        act.Should().Throw<MatrixException>().Which.Message.Should().Be(message);
    }

    [Test]
    public void An_unknown_key_in_the_branding_block_names_the_keys_it_may_have()
    {
        var act = () => Parse(Valid.Replace("      boot_entry:", "      boot_menu:", StringComparison.Ordinal));

        act.Should().Throw<MatrixException>().Which.Message.Should().StartWith("m.yml:11:7: artifacts.reference.branding.boot_menu: ")
            .And.Contain("os_release").And.Contain("boot_entry").And.Contain("skel");
    }
}
