using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Health: the booted system is running with no failed unit (waivers from the matrix, each with its reason), no kernel
/// oops/BUG/panic/call trace in this boot's kernel log and no coredump — after boot, and after every suite of the run
/// that rebooted or suspended the target. Those readings are taken by <see cref="TargetFixture"/> right after such a
/// suite (<see cref="HealthCheckpoints"/>); this suite runs last and judges them, so a system that degrades only after a
/// resume or a reboot fails here with the point it happened, not in the suite that happened to run next.
/// </summary>
[ReleaseSuite(HealthCheckpoints.SuiteName)]
[Order(11)]
public sealed class HealthSuite : TargetFixture
{
    private IReadOnlyList<UnitWaiver> Waivers => Settings.WaivedUnits ?? (IReadOnlyList<UnitWaiver>)[];

    [Test, Order(1)]
    public async Task After_boot_the_system_is_running_with_no_failed_unit_no_kernel_oops_and_no_coredump()
    {
        // The first reading of the run: taken when the target first came up ready, or right after the first suite that
        // power-cycled it (a fresh boot too); a run of this suite alone reads it now.
        var recorded = HealthCheckpoints.Recorded;
        var first = recorded.Count > 0 ? recorded[0] : await HealthCheckpoints.RecordAsync("after boot", Target);
        Judge(first);
    }

    [Test, Order(2)]
    public void After_every_suite_that_rebooted_or_suspended_the_system_is_still_healthy()
    {
        // By origin, not by position: in a run that starts with boot-luks (which boots the target itself) the reading
        // after boot-luks is also the first one, and it must be judged here as well as above.
        var later = HealthCheckpoints.AfterRebootingSuites(HealthCheckpoints.Recorded);
        if (later.Count == 0)
        {
            Assert.Ignore($"no suite of run {Case.Run.Name} that reboots or suspends ran before this one: nothing to read after");
        }

        var problems = new List<string>();
        foreach (var reading in later)
        {
            Report.Attach($"health {reading.Label}", reading.ToString());
            if (reading.Health is null)
            {
                throw new InvalidOperationException($"health: the system could not be read {reading.Label}: {reading.Error}");
            }

            problems.AddRange(reading.Health.Problems(Waivers).Select(p => $"{reading.Label}: {p}"));
        }

        Report.Parameter("readings", string.Join(", ", later.Select(r => r.Label)));
        Assert.That(problems, Is.Empty, $"health: {string.Join("\n", problems)}");
    }

    [Test, Order(3)]
    public async Task At_the_end_of_the_run_the_system_is_healthy()
    {
        Judge(await HealthCheckpoints.RecordAsync("at the end of the run", Target));
    }

    private void Judge(HealthCheckpoint reading)
    {
        Report.Attach($"health {reading.Label}", reading.ToString());
        if (reading.Health is null)
        {
            throw new InvalidOperationException($"health: the system could not be read {reading.Label}: {reading.Error}");
        }

        var waived = reading.Health.Waived(Waivers);
        if (waived.Count > 0)
        {
            Report.Parameter($"waived failed units {reading.Label}", string.Join("; ", waived));
        }

        Report.Parameter($"system state {reading.Label}", reading.Health.SystemState);
        var problems = reading.Health.Problems(Waivers);
        Assert.That(problems, Is.Empty, $"health {reading.Label}: {string.Join("; ", problems)}");
    }
}
