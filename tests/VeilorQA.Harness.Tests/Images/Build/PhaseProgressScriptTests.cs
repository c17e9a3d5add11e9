using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Images.Build;

/// <summary>
/// The <c>phase_progress</c> filter of the real vms/reference/build.sh and vms/installer/build.sh, run by bash on output
/// captured from real builds: mmdebstrap's steps become phases, apt's total and dpkg's set-ups and mksquashfs's bar
/// become percentages, every input line passes unchanged.
/// </summary>
[TestFixture]
public sealed class PhaseProgressScriptTests
{
    /// <summary>Lines of a real reference build (mmdebstrap 1.3, apt 2.6, customize.sh's kernel install) and a real installer squashfs.</summary>
    private static readonly string[] Captured =
    [
        "I: chroot architecture amd64 is equal to the host's architecture",
        "I: running apt-get update...",
        "I: downloading packages with apt...",
        "I: extracting archives...",
        "I: installing essential packages...",
        "I: installing remaining packages inside the chroot...",
        "I: running --customize-hook in shell: sh -c ''/work/vms/reference/customize.sh' \"$1\"' exec /tmp/tree",
        "::veilorqa-phase initramfs",
        "0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded.",
        "(Reading database ... \r(Reading database ... 5%\r(Reading database ... 100%\r(Reading database ... 12985 files and directories currently installed.)",
        "Unpacking linux-base (4.12.1~deb12u1) ...",
        "Setting up linux-base (4.12.1~deb12u1) ...",
        "Setting up linux-image-6.1.0-50-amd64 (6.1.176-1) ...",
        "dracut: Generating /boot/initrd.img-6.1.0-50-amd64",
        "Setting up linux-image-amd64 (6.1.176-1) ...",
        "::veilorqa-phase customize",
        "Get:1 http://deb.debian.org/debian bookworm/main amd64 grub-efi-amd64-signed amd64 1+2.06+13+deb12u2 [1253 kB]",
        "I: cleaning package lists and apt cache...",
        "I: success in 107.9956 seconds",
        "::veilorqa-phase squashfs",
        "[/                                                             ]    0/6550   0%",
        "[=========/                                                    ]  3100/19849  15%\r[==================================================/         ] 17000/19849  85%",
        "[===========================================================/] 19849/19849 100%",
    ];

    private static readonly string[] Expected =
    [
        "::veilorqa-phase bootstrap",
        "::veilorqa-phase apt update",
        "::veilorqa-phase download",
        "::veilorqa-phase extract",
        "::veilorqa-phase essential packages",
        "::veilorqa-phase packages",
        "::veilorqa-phase customize",
        "::veilorqa-phase initramfs",
        "::veilorqa-phase initramfs 0%",
        "::veilorqa-phase initramfs 33%",
        "::veilorqa-phase initramfs 66%",
        "::veilorqa-phase customize",
        "::veilorqa-phase cleanup",
        "::veilorqa-phase squashfs",
        "::veilorqa-phase squashfs 0%",
        "::veilorqa-phase squashfs 85%",
        "::veilorqa-phase squashfs 100%",
    ];

    [TestCase("reference")]
    [TestCase("installer")]
    public async Task The_recipe_filter_adds_phases_and_percentages_and_passes_every_line(string recipe)
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, string.Join('\n', Captured) + "\n");
            var script = $"eval \"$(sed -n '/^phase_progress() {{/,/^}}/p' \"$1\")\"; set -euo pipefail; phase_progress bootstrap < \"$2\"";
            var output = await ExternalCommand.RunCheckedAsync("bash", ["-c", script, "bash", BuildScript(recipe), input], TimeSpan.FromSeconds(30));
            var lines = output.TrimEnd('\n').Split('\n');

            static bool IsMarker(string line) => line.StartsWith("::veilorqa-phase ", StringComparison.Ordinal);
            lines.Where(IsMarker).Should().Equal(Expected, "mmdebstrap's steps, the recipe's own markers and the percentages, in order");
            lines.Where(l => !IsMarker(l)).Should().Equal(Captured.Where(l => !IsMarker(l)), "every other line passes unchanged and in order");
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Test]
    public void Both_recipes_carry_the_same_filter()
    {
        static string Filter(string recipe)
        {
            var lines = File.ReadAllLines(BuildScript(recipe));
            var start = Array.FindIndex(lines, l => l == "phase_progress() {");
            start.Should().BePositive($"vms/{recipe}/build.sh defines phase_progress");
            return string.Join('\n', lines[start..(Array.FindIndex(lines, start, l => l == "}") + 1)]);
        }

        Filter("installer").Should().Be(Filter("reference"));
    }

    private static string BuildScript(string recipe) => Path.Combine(
        recipe == "reference"
            ? ReferenceGuestImage.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory)
            : InstallerIso.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory),
        "build.sh");
}
