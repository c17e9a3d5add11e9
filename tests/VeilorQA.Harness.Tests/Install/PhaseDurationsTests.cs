using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Tests.Install;

public sealed class PhaseDurationsTests
{
    private static readonly DateTimeOffset PowerOn = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_iso_boot_is_its_own_entry_and_the_last_phase_ends_at_the_power_off()
    {
        PhaseChange[] phases =
        [
            new(InstallPhase.Storage, PowerOn.AddSeconds(108), "storage"),
            new(InstallPhase.PayloadPull, PowerOn.AddSeconds(122), "pull"),
            new(InstallPhase.Done, PowerOn.AddSeconds(420), "Installation complete"),
        ];

        InstallSession.PhaseDurations(phases, PowerOn, PowerOn.AddSeconds(433)).Should().Equal(
            "ISO boot 108 s", "Storage 14 s", "PayloadPull 298 s", "Done 13 s");
    }

    [Test]
    public void No_phase_seen_gives_no_durations()
    {
        InstallSession.PhaseDurations([], PowerOn, PowerOn.AddSeconds(90)).Should().BeEmpty();
    }
}
