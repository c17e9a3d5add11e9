using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;

namespace VeilorQA.Harness.Tests.Guest.Sleep;

public class SleepTests
{
    [Test]
    public void A_machine_without_sleep_states_cannot_suspend_to_ram()
    {
        var support = SleepSupport.Parse(Sample.Read("sleep/power-build-host.txt"));

        support.States.Should().BeEmpty();
        support.CanSuspendToRam.Should().BeFalse();
        support.SelectedMemSleep.Should().BeNull();
    }

    [Test]
    public void The_selected_mem_sleep_mode_is_the_bracketed_one()
    {
        var support = SleepSupport.Parse("state=freeze mem disk\nmem_sleep=s2idle [deep]\n");

        support.CanSuspendToRam.Should().BeTrue();
        support.MemSleepModes.Should().Equal("s2idle", "deep");
        support.DeepSelected.Should().BeTrue();
    }

    [Test]
    public async Task The_power_state_command_runs_and_parses_on_this_host()
    {
        var expected = File.ReadAllText("/sys/power/state").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var support = await new SleepProbe(new LocalBashShell()).ReadSupportAsync();

        support.States.Should().Equal(expected);
    }

    [Test]
    public async Task The_probe_finds_the_resume_markers_after_its_cursor()
    {
        var lines = Sample.Read("journal/suspend-cycle.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cursor = JournalParser.ParseLine(lines[0]).Cursor;
        var shell = new RecordedShell()
            .Answer(JournalProbe.ReadLatest, lines[0])
            .Answer(JournalProbe.ReadAfterCursor(cursor), string.Join('\n', lines.Skip(1)));
        var probe = new SleepProbe(shell);

        var markers = await probe.MarkersSinceAsync(await probe.MarkCursorAsync());

        markers.Resumed.Should().BeTrue();
    }
}
