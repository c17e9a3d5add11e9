using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Bench;

namespace VeilorQA.Harness.Tests.Bench;

public class BenchFigureTests
{
    [Test]
    public void The_median_is_the_middle_sample_or_the_mean_of_the_two_middle_ones()
    {
        new BenchFigure("P1", "x", "s", [9, 1, 5]).Median.Should().Be(5);
        new BenchFigure("P1", "x", "s", [4, 1, 3, 2]).Median.Should().Be(2.5);
        new BenchFigure("P1", "x", "s", [4, 1, 3, 2]).Min.Should().Be(1);
    }

    [Test]
    public void A_ratio_is_judged_against_its_goal()
    {
        var harness = new BenchFigure("P1", "h", "s", [63, 60]);
        var bare = new BenchFigure("P1", "b", "s", [60, 60]);

        var ratio = BenchRatio.Of("P1", "harness / bare", harness, bare, atMost: 1.05);

        ratio.Value.Should().BeApproximately(1.025, 0.0001);
        ratio.GoalMet.Should().BeTrue();
        BenchRatio.Of("P2", "cold / restore", bare, new BenchFigure("P2", "r", "s", [6]), atLeast: 20).GoalMet.Should().BeFalse();
    }

    [Test]
    public void The_scale_part_reads_resident_memory_from_proc_status()
    {
        ScaleBench.ParseVmRssKiB("Name:\tqemu\nVmPeak:\t 900 kB\nVmRSS:\t  312456 kB\nThreads:\t5\n").Should().Be(312456);
        var act = () => ScaleBench.ParseVmRssKiB("Name:\tqemu\n");
        act.Should().Throw<FormatException>();
    }
}
