using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Reaping;

namespace VeilorQA.Harness.Tests.Machines.Reaping;

[TestFixture]
public sealed class RunLivenessTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void A_run_whose_owner_process_is_alive_is_not_orphaned()
    {
        var me = new RunOwner("x", Environment.ProcessId, RunOwner.ProcessStartTicksOf(Environment.ProcessId) ?? 0, DateTimeOffset.UtcNow);

        RunLiveness.IsOrphaned("1125110000abcdef", me, Now, TimeSpan.FromHours(6)).Should().BeFalse();
    }

    [Test]
    public void A_run_whose_owner_pid_was_reused_by_another_process_is_orphaned()
    {
        var reused = new RunOwner("x", Environment.ProcessId, 1, DateTimeOffset.UtcNow);

        RunLiveness.IsOrphaned("1125110000abcdef", reused, Now, TimeSpan.FromHours(6)).Should().BeTrue();
    }

    [Test]
    public void An_unclaimed_generated_run_is_left_alone_during_the_grace_period_and_reaped_after()
    {
        RunLiveness.IsOrphaned("1125110000abcdef", null, Now, TimeSpan.FromHours(6)).Should().BeFalse();
        RunLiveness.IsOrphaned("1125050000abcdef", null, Now, TimeSpan.FromHours(6)).Should().BeTrue();
    }

    [Test]
    public void A_run_id_from_last_december_is_dated_to_last_year()
    {
        var january = new DateTime(2027, 1, 2, 0, 0, 0, DateTimeKind.Utc);

        RunLiveness.CreatedAt("1231235959abcdef", january).Should().Be(new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc));
    }

    [Test]
    public void A_name_that_only_looks_like_a_run_is_never_reaped_without_an_owner_file()
    {
        RunLiveness.IsOrphaned("probes", null, Now, TimeSpan.Zero).Should().BeFalse();
        RunLiveness.IsOrphaned("a1b2", null, Now, TimeSpan.Zero).Should().BeFalse();
    }
}
