using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using VeilorQA.Harness.Install.Iso;

namespace VeilorQA.Harness.Tests.Install.Iso;

public sealed class TransferProgressTests
{
    private const long MiB = 1 << 20;

    [Test]
    public void A_known_total_is_reported_once_per_tenth()
    {
        var lines = new List<string>();
        var progress = new TransferProgress(lines.Add, "downloading", "veilor.iso", 100 * MiB, new FakeTimeProvider());

        for (var done = MiB; done <= 100 * MiB; done += MiB)
        {
            progress.Advance(done);
        }

        lines.Should().HaveCount(10);
        lines[0].Should().StartWith("downloading veilor.iso: 10 % (10.0 of 100.0 MiB");
        lines[^1].Should().StartWith("downloading veilor.iso: 100 %");
    }

    [Test]
    public void A_slow_transfer_is_reported_every_10_seconds_between_tenths()
    {
        var lines = new List<string>();
        var time = new FakeTimeProvider();
        var progress = new TransferProgress(lines.Add, "downloading", "veilor.iso", 1000 * MiB, time);

        progress.Advance(MiB);
        time.Advance(TimeSpan.FromSeconds(9));
        progress.Advance(2 * MiB);
        lines.Should().BeEmpty("neither a tenth nor 10 s has passed");

        time.Advance(TimeSpan.FromSeconds(1));
        progress.Advance(3 * MiB);

        lines.Should().Equal("downloading veilor.iso: 0 % (3.0 of 1000.0 MiB, 0.3 MiB/s)");
    }

    [Test]
    public void An_unknown_total_is_reported_by_time_only()
    {
        var lines = new List<string>();
        var time = new FakeTimeProvider();
        var progress = new TransferProgress(lines.Add, "downloading", "veilor.iso", null, time);

        progress.Advance(500 * MiB);
        time.Advance(TimeSpan.FromSeconds(10));
        progress.Advance(600 * MiB);

        lines.Should().Equal("downloading veilor.iso: 600.0 MiB, 60.0 MiB/s");
    }
}
