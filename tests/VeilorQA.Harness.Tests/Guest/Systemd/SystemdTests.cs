using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Systemd;

namespace VeilorQA.Harness.Tests.Guest.Systemd;

public class SystemdTests
{
    private const string Unit = "veilor-firstboot.service";

    private static UnitRunCheck Check(string show, string journal) => new(
        SystemdUnitState.Parse(Sample.Read(show)),
        "multi-user.target",
        JournalParser.ParseJsonLines(Sample.Read(journal)));

    [Test]
    public void Show_output_gives_states_and_who_wants_the_unit()
    {
        var state = SystemdUnitState.Parse(Sample.Read("systemd/show-firstboot-wanted-ran.txt"));

        state.Id.Should().Be(Unit);
        state.ActiveState.Should().Be("inactive");
        state.UnitFileState.Should().Be("enabled");
        state.WantedBy.Should().Equal("multi-user.target");
        state.ExecMainStatus.Should().Be(0);
        state.Exists.Should().BeTrue();
    }

    [Test]
    public void A_firstboot_unit_wanted_by_its_target_that_ran_once_passes()
    {
        var check = Check("systemd/show-firstboot-wanted-ran.txt", "journal/firstboot-started-once.jsonl");

        check.Passed.Should().BeTrue();
        check.Verdict.Should().Be("veilor-firstboot.service is wanted by multi-user.target and ran once.");
    }

    [Test]
    public void An_unwanted_firstboot_unit_fails_saying_it_never_starts_at_boot()
    {
        var check = Check("systemd/show-firstboot-unwanted.txt", "journal/firstboot-started-once.jsonl");

        check.Passed.Should().BeFalse();
        check.Verdict.Should().Be("veilor-firstboot.service: it is not wanted by multi-user.target (WantedBy=[], UnitFileState=disabled), so it never starts at boot.");
    }

    [Test]
    public void A_firstboot_unit_that_ran_on_two_boots_fails_with_both_times()
    {
        var check = Check("systemd/show-firstboot-wanted-ran.txt", "journal/firstboot-started-two-boots.jsonl");

        check.Passed.Should().BeFalse();
        check.Verdict.Should().Contain("it ran 2 times (");
    }

    [Test]
    public void A_firstboot_unit_that_ran_and_exited_non_zero_is_said_to_have_run_and_failed_with_its_status_and_last_lines_not_never_ran()
    {
        var state = SystemdUnitState.Parse(Sample.Read("systemd/show-firstboot-wanted-ran.txt")
            .Replace("ExecMainStatus=0", "ExecMainStatus=3", StringComparison.Ordinal)
            .Replace("Result=success", "Result=exit-code", StringComparison.Ordinal));
        var failedJob = new JournalEntry("c1", new DateTimeOffset(2026, 12, 2, 10, 0, 5, TimeSpan.Zero), "Failed to start veilor-firstboot.service",
            new Dictionary<string, string> { ["JOB_RESULT"] = "failed", ["UNIT"] = Unit });
        var check = new UnitRunCheck(state, "multi-user.target", []) { FailedRuns = [failedJob], LastLines = ["writing /etc/veilor/firstboot.done", "cannot enroll TPM: no such device"] };

        check.Passed.Should().BeFalse();
        check.Verdict.Should().Contain("it ran and failed at 2026-12-02 10:00:05: result 'exit-code', exit status 3")
            .And.Contain("cannot enroll TPM: no such device")
            .And.NotContain("never ran");
    }

    [Test]
    public void A_missing_unit_is_reported_as_missing()
    {
        var check = new UnitRunCheck(SystemdUnitState.Parse(Sample.Read("systemd/show-not-found.txt")), "multi-user.target", []);

        check.Passed.Should().BeFalse();
        check.Verdict.Should().Be("no-such.service does not exist on the target (LoadState=not-found).");
    }

    [Test]
    public void Reverse_dependencies_skip_the_unit_itself()
    {
        SystemdProbe.ParseDependencyList(Sample.Read("systemd/list-dependencies-reverse.txt"))
            .Should().Equal("multi-user.target", "graphical.target");
    }

    [Test]
    public async Task The_probe_combines_systemctl_and_the_journals_start_records()
    {
        var shell = new RecordedShell()
            .Answer(SystemdProbe.Show(Unit), Sample.Read("systemd/show-firstboot-wanted-ran.txt"))
            .Answer(SystemdProbe.StartedRecords(Unit), Sample.Read("journal/firstboot-started-once.jsonl"))
            .Answer(SystemdProbe.FailedStartRecords(Unit), string.Empty);

        var check = await new SystemdProbe(shell).CheckWantedAndRanOnceAsync(Unit, "multi-user.target");

        check.Passed.Should().BeTrue();
        shell.Commands.Should().Equal(
            "systemctl show -p Id,LoadState,ActiveState,SubState,UnitFileState,WantedBy,ExecMainStatus,Result,NRestarts 'veilor-firstboot.service'",
            "journalctl -o json --no-pager MESSAGE_ID=39f53479d3a045ac8e11786248231fbf UNIT='veilor-firstboot.service'",
            "journalctl -o json --no-pager MESSAGE_ID=be02cf6855d2428ba40df7e9d022f03d UNIT='veilor-firstboot.service'");
    }

    [Test]
    public async Task A_later_boot_that_skipped_the_unit_on_its_done_stamp_does_not_count_as_a_run()
    {
        var shell = new RecordedShell()
            .Answer(SystemdProbe.Show(Unit), Sample.Read("systemd/show-firstboot-wanted-ran.txt"))
            .Answer(SystemdProbe.StartedRecords(Unit), Sample.Read("journal/firstboot-started-then-skipped.jsonl"))
            .Answer(SystemdProbe.FailedStartRecords(Unit), string.Empty);

        var check = await new SystemdProbe(shell).CheckWantedAndRanOnceAsync(Unit, "multi-user.target");

        check.Runs.Should().ContainSingle();
        check.Passed.Should().BeTrue(check.Verdict);
    }
}
