using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Tests.Guest.Deployments;

public class StagedFinalizeTests
{
    private static IReadOnlyList<JournalEntry> Unit() => JournalParser.ParseJsonLines(Sample.Read("deployments/finalize-staged.jsonl"));

    private static JournalEntry Last() => JournalParser.ParseJsonLines(Sample.Read("deployments/finalize-staged-last.jsonl"))[0];

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse("2026-12-03T" + time + "+00:00", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void A_finalizing_shutdown_gives_each_phase_from_the_stop_request_to_the_units_stop()
    {
        var timeline = StagedFinalizeTimeline.From(Unit(), Last());

        timeline.Finalized.Should().BeTrue();
        timeline.StopRequested.Should().Be(At("17:35:24.583953"));
        timeline.Started.Should().Be(At("17:35:25.383754"));
        timeline.EtcMerged.Should().Be(At("17:35:29.950440"), "the first of ostree's two identical /etc lines");
        timeline.Completed.Should().Be(At("17:35:35.338921"));
        timeline.Stopped.Should().Be(At("17:35:35.517228"));
        timeline.JournalEnd.Should().Be(At("17:35:37.451976"));
        timeline.Total.Should().Be(At("17:35:35.517228") - At("17:35:24.583953"));
        timeline.ToString().Should().Be(
            "finalized: ostree-finalize-staged.service stop took 10.9 s: ostree started after 0.8 s, /etc merged after 4.6 s, "
            + "boot loader written and synced after 5.4 s; the journal ended 1.9 s after the unit stopped "
            + "(Transaction complete; bootconfig swap: yes; bootversion: boot.0.1, deployment count change: 1)");
    }

    [Test]
    public void A_shutdown_where_ostree_never_ran_is_not_finalized_and_says_so()
    {
        // What the update-not-finalized fault leaves: systemd stops the unit, but its ExecStop is not ostree's.
        var timeline = StagedFinalizeTimeline.From(Unit().Where(e => e.Identifier != "ostree"), Last());

        timeline.Finalized.Should().BeFalse();
        timeline.Started.Should().BeNull();
        timeline.Total.Should().NotBeNull();
        timeline.ToString().Should().StartWith("NOT finalized (ostree never reported 'Transaction complete'): ostree-finalize-staged.service stop took 10.9 s: ostree started after n/a");
    }

    [Test]
    public void Only_the_last_stop_of_the_unit_counts()
    {
        // An earlier stop by hand (systemctl stop) finalizes too; the shutdown's own stop starts the timeline afresh.
        var earlier = Unit().Select(e => e with { Timestamp = e.Timestamp.AddMinutes(-3) });
        var shutdown = Unit().Where(e => e.Identifier != "ostree");

        var timeline = StagedFinalizeTimeline.From(earlier.Concat(shutdown), Last());

        timeline.StopRequested.Should().Be(At("17:35:24.583953"));
        timeline.Finalized.Should().BeFalse();
    }

    [Test]
    public void A_boot_whose_unit_never_stopped_has_no_timeline()
    {
        var timeline = StagedFinalizeTimeline.From([], Last());

        timeline.StopRequested.Should().BeNull();
        timeline.Finalized.Should().BeFalse();
        timeline.ToString().Should().Be("ostree-finalize-staged.service was not stopped during that shutdown (no staged deployment, or the unit never ran)");
    }

    [Test]
    public async Task The_probe_reads_the_previous_boots_unit_and_last_entry()
    {
        var shell = new RecordedShell()
            .Answer(StagedFinalizeProbe.ReadUnitOfPreviousBoot, Sample.Read("deployments/finalize-staged.jsonl"))
            .Answer(StagedFinalizeProbe.ReadLastOfPreviousBoot, Sample.Read("deployments/finalize-staged-last.jsonl"));

        var (timeline, unavailable) = await new StagedFinalizeProbe(shell).ReadPreviousShutdownAsync();

        unavailable.Should().BeNull();
        timeline!.Finalized.Should().BeTrue();
        shell.Commands.Should().Equal(
            "journalctl -b -1 -o json --no-pager -u ostree-finalize-staged.service",
            "journalctl -b -1 -o json --no-pager -n 1");
    }

    [Test]
    public async Task Without_a_journal_of_the_previous_boot_the_probe_gives_the_reason()
    {
        var shell = new RecordedShell()
            .Answer(StagedFinalizeProbe.ReadUnitOfPreviousBoot, string.Empty, exitCode: 1,
                stderr: "Specifying boot ID or boot offset has no effect, no persistent journal was found.\n");

        var (timeline, unavailable) = await new StagedFinalizeProbe(shell).ReadPreviousShutdownAsync();

        timeline.Should().BeNull();
        unavailable.Should().Be("'journalctl -b -1 -o json --no-pager -u ostree-finalize-staged.service' failed (exit 1): Specifying boot ID or boot offset has no effect, no persistent journal was found.");
    }
}
