using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;

namespace VeilorQA.Harness.Tests.Guest.Journal;

public class JournalTests
{
    [Test]
    public void Journalctl_json_lines_become_entries_with_cursor_time_and_fields()
    {
        var entries = JournalParser.ParseJsonLines(Sample.Read("journal/suspend-cycle.jsonl"));

        entries.Should().HaveCount(7);
        entries[0].Cursor.Should().StartWith("s=0569b6f4c0d0427c9eeed6c65d606381;i=1;");
        entries[0].Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1764110000));
        entries[0].IsKernel.Should().BeTrue();
        entries[2].Identifier.Should().Be("systemd-sleep");
        entries[2].Unit.Should().Be("systemd-suspend.service");
        entries[2].Field("SLEEP").Should().Be("suspend");
    }

    [Test]
    public void A_suspend_cycle_has_kernel_and_systemd_resume_markers()
    {
        var markers = SuspendResumeMarkers.From(JournalParser.ParseJsonLines(Sample.Read("journal/suspend-cycle.jsonl")));

        markers.Resumed.Should().BeTrue();
        markers.CompletedCycles.Should().Be(1);
        markers.SuspendRequestedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1764110002));
        markers.ResumedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1764110010));
    }

    [Test]
    public void A_slice_without_systemds_return_names_the_missing_marker()
    {
        var entries = JournalParser.ParseJsonLines(Sample.Read("journal/suspend-cycle.jsonl"))
            .Where(e => !JournalMarkers.IsSystemdSleepStop(e)).ToList();

        var markers = SuspendResumeMarkers.From(entries);

        markers.Resumed.Should().BeFalse();
        markers.ToString().Should().Be("no resume seen: missing systemd 'System returned from sleep' (sleep started 1×, kernel entered 1×)");
    }

    [Test]
    public void Newer_and_older_systemd_wordings_of_the_return_are_recognised()
    {
        static JournalEntry Entry(string message) => new("c", DateTimeOffset.UnixEpoch, message, new Dictionary<string, string>());

        JournalMarkers.IsSystemdSleepStop(Entry("System returned from sleep operation 'suspend'.")).Should().BeTrue();
        JournalMarkers.IsSystemdSleepStop(Entry("System resumed.")).Should().BeTrue();
        JournalMarkers.IsSystemdSleepStop(Entry("System is tainted")).Should().BeFalse();
    }

    [Test]
    public void A_binary_message_given_as_a_byte_array_is_decoded()
    {
        var entry = JournalParser.ParseLine("{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1000000\",\"MESSAGE\":[80,77,58,32,115,117,115,112,101,110,100,32,101,120,105,116,27]}");

        entry.Message.Should().Be("PM: suspend exit\u001b");
        entry.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1));
    }

    [Test]
    public async Task The_probe_takes_a_cursor_and_reads_only_what_came_after_it()
    {
        var lines = Sample.Read("journal/suspend-cycle.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cursor = JournalParser.ParseLine(lines[1]).Cursor;
        var shell = new RecordedShell()
            .Answer(JournalProbe.ReadLatest, lines[1] + "\n")
            .Answer(JournalProbe.ReadAfterCursor(cursor), string.Join('\n', lines.Skip(2)) + "\n");
        var probe = new JournalProbe(shell);

        var mark = await probe.CurrentCursorAsync();
        var after = await probe.ReadAfterCursorAsync(mark);

        mark.Should().Be(cursor);
        after.Should().HaveCount(5);
        shell.Commands[1].Should().Be($"journalctl -o json --no-pager --after-cursor='{cursor}'");
    }

    [Test]
    public async Task Reading_since_a_time_uses_epoch_seconds_so_the_guests_time_zone_does_not_matter()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(1764110009);
        var lines = Sample.Read("journal/suspend-cycle.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shell = new RecordedShell().Answer("journalctl -o json --no-pager --since=@1764110009", string.Join('\n', lines.Skip(3)));

        var entries = await new JournalProbe(shell).ReadSinceAsync(since);

        entries.Should().HaveCount(4);
        SuspendResumeMarkers.From(entries).KernelExits.Should().ContainSingle();
    }
}
