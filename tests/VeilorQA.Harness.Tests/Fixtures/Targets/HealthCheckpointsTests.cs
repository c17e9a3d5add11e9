using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Fixtures.Targets;

namespace VeilorQA.Harness.Tests.Fixtures.Targets;

public class HealthCheckpointsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_reading_after_a_rebooting_suite_counts_even_when_it_is_the_first_of_the_run()
    {
        // `--suite boot-luks health`: boot-luks boots the target itself, so no "after boot" reading comes before its own.
        var afterBootLuks = Reading("after boot-luks", "boot-luks");

        HealthCheckpoints.AfterRebootingSuites([afterBootLuks]).Should().Equal(afterBootLuks);
    }

    [Test]
    public void The_after_boot_and_end_of_run_readings_are_not_readings_after_a_rebooting_suite()
    {
        var afterBoot = Reading("after boot", null);
        var afterSuspend = Reading("after suspend-wifi", "suspend-wifi");
        var afterUpgrade = Reading("after bootc-upgrade", "bootc-upgrade");
        var atTheEnd = Reading("at the end of the run", null);

        HealthCheckpoints.AfterRebootingSuites([afterBoot, afterSuspend, afterUpgrade, atTheEnd]).Should().Equal(afterSuspend, afterUpgrade);
        HealthCheckpoints.AfterRebootingSuites([afterBoot]).Should().BeEmpty();
    }

    private static HealthCheckpoint Reading(string label, string? afterSuite) => new(label, null, "not read in this test", At, afterSuite);
}
