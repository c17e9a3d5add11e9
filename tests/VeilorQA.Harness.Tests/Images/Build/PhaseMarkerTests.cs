using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images;

namespace VeilorQA.Harness.Tests.Images.Build;

[TestFixture]
public sealed class PhaseMarkerTests
{
    [TestCase("::veilorqa-phase packages", "packages", null)]
    [TestCase("::veilorqa-phase packages 45%", "packages", 45)]
    [TestCase("::veilorqa-phase ostree commit", "ostree commit", null)]
    [TestCase("::veilorqa-phase essential packages 100%", "essential packages", 100)]
    [TestCase("::veilorqa-phase squashfs 0%", "squashfs", 0)]
    public void A_marker_line_gives_its_phase_and_percentage(string line, string phase, int? percent) =>
        PhaseMarker.TryParse(line).Should().Be(new PhaseMarker(phase, percent));

    [TestCase("(Reading database ... 45%")]
    [TestCase("build.sh: ::veilorqa-phase packages")]
    [TestCase("::veilorqa-phase ")]
    [TestCase("::veilorqa-phase 45%")]
    [TestCase("::veilorqa-phase packages 101%")]
    [TestCase("::veilorqa-phase packages -5%")]
    [TestCase("::veilorqa-phasepackages")]
    public void Other_lines_are_no_markers(string line) => PhaseMarker.TryParse(line).Should().BeNull();
}
