using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Infrastructure;

public class RunOwnerTests
{
    [Test]
    public void The_current_process_is_alive_and_its_run_is_not_orphaned()
    {
        var run = RunId.New();
        try
        {
            var owner = RunOwner.Claim(run);
            owner.IsAlive().Should().BeTrue();
            RunOwner.IsOrphaned(run.Value).Should().BeFalse();
        }
        finally
        {
            RunOwner.Release(run.Value);
        }
    }

    [Test]
    public void A_run_whose_process_has_exited_is_orphaned()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var ticks = RunOwner.ProcessStartTicksOf(child.Id);
        ticks.Should().NotBeNull();
        var owner = new RunOwner("deadbeef", child.Id, ticks!.Value, DateTimeOffset.UtcNow);
        owner.IsAlive().Should().BeTrue();

        child.Kill();
        child.WaitForExit();

        owner.IsAlive().Should().BeFalse();
    }

    [Test]
    public void A_reused_pid_with_another_start_time_is_not_the_owner()
    {
        var owner = new RunOwner("cafe", Environment.ProcessId, 1, DateTimeOffset.UtcNow);
        owner.IsAlive().Should().BeFalse();
    }
}
