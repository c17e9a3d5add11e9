using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using VeilorQA.Harness.Images;

namespace VeilorQA.Harness.Tests.Images.Build;

/// <summary>The progress lines of a build on a fake clock: elapsed times, the quiet-time line, the phase summary.</summary>
[TestFixture]
public sealed class RecipeBuildProgressTests
{
    private FakeTimeProvider _time = null!;
    private readonly List<string> _shown = [];
    private string _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _cache = Directory.CreateTempSubdirectory("veilorqa-build-progress-test-").FullName;
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero));
        _shown.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_cache, recursive: true);

    [Test]
    public void Phase_lines_carry_the_time_in_the_phase_and_the_end_sums_each_phase()
    {
        using var progress = Start(quietInterval: TimeSpan.FromHours(1));
        _time.Advance(TimeSpan.FromSeconds(5));
        progress.Receive("::veilorqa-phase packages");
        _time.Advance(TimeSpan.FromSeconds(34));
        progress.Receive("::veilorqa-phase packages 45%");
        _time.Advance(TimeSpan.FromSeconds(11));
        progress.Receive("::veilorqa-phase image");
        _time.Advance(TimeSpan.FromSeconds(70));
        progress.End(0);

        _shown.Skip(1).Should().Equal(
            "reference guest: packages started at 5 s",
            "reference guest: packages 34 s (45%)",
            "reference guest: image started at 50 s (packages took 45 s)",
            "reference guest: build.sh finished in 120 s (packages 45 s, image 70 s)");
        progress.Phases.Select(p => (p.Phase, p.Duration.TotalSeconds)).Should().Equal(("packages", 45), ("image", 70));
    }

    [Test]
    public void A_quiet_build_shows_its_latest_output_once_per_quiet_interval()
    {
        using var progress = Start();
        progress.Receive("::veilorqa-phase initramfs");
        progress.Receive("dracut: Generating /boot/initrd.img-6.1.0-50-amd64");
        _time.Advance(TimeSpan.FromSeconds(29));
        _shown.Should().HaveCount(2, "nothing is added before the quiet interval ends");

        _time.Advance(TimeSpan.FromSeconds(1));
        _shown[^1].Should().Be("reference guest: initramfs 30 s, still running; latest: dracut: Generating /boot/initrd.img-6.1.0-50-amd64");

        _time.Advance(TimeSpan.FromSeconds(30));
        _shown[^1].Should().Be("reference guest: initramfs 60 s, still running; no new output", "a line already shown is not shown twice");

        progress.Receive("::veilorqa-phase image");
        _time.Advance(TimeSpan.FromSeconds(20));
        _shown[^1].Should().StartWith("reference guest: image started at", "a phase line resets the quiet time");
        progress.End(0);
        _time.Advance(TimeSpan.FromMinutes(5));
        _shown[^1].Should().StartWith("reference guest: build.sh finished in", "an ended build shows nothing more");
    }

    [Test]
    public void Long_output_lines_are_cut_in_the_quiet_line_but_whole_in_the_log()
    {
        var long_ = "W: " + new string('x', 400);
        using (var progress = Start())
        {
            progress.Receive(long_);
            _time.Advance(TimeSpan.FromSeconds(30));
            progress.End(0);
            _shown.Should().Contain(l => l.EndsWith("x…", StringComparison.Ordinal) && l.Length < 260);
        }

        File.ReadAllLines(Directory.GetFiles(Path.Combine(_cache, RecipeBuildLog.FolderName)).Single()).Should().Contain(long_);
    }

    [Test]
    public void The_log_folder_keeps_only_the_newest_logs()
    {
        for (var i = 0; i < RecipeBuildLog.Kept + 5; i++)
        {
            using var log = RecipeBuildLog.Create(_cache, "0123456789abcdef", _time);
            File.SetLastWriteTimeUtc(log.Path, _time.GetUtcNow().UtcDateTime);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var left = Directory.GetFiles(Path.Combine(_cache, RecipeBuildLog.FolderName)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        left.Should().HaveCount(RecipeBuildLog.Kept);
        left[^1].Should().Be("0123456789abcdef-20261203T172400000Z.log");
    }

    private RecipeBuildProgress Start(TimeSpan? quietInterval = null)
    {
        var progress = new RecipeBuildProgress("reference guest", RecipeBuildLog.Create(_cache, "0123456789abcdef", _time), _shown.Add, quietInterval, _time);
        progress.Begin("vms/reference/build.sh");
        return progress;
    }
}
