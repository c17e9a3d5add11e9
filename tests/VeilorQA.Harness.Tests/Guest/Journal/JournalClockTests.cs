using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Tests.Guest.Journal;

public class JournalClockTests
{
    [Test]
    public void A_message_stored_after_the_resume_keeps_the_time_its_sender_wrote_it()
    {
        var entry = JournalParser.ParseLine(
            "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1764110030000000\",\"_SOURCE_REALTIME_TIMESTAMP\":\"1764110002500000\",\"MESSAGE\":\"Entering sleep state 'suspend'...\"}");

        JournalClock.SourceTime(entry).Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1764110002500));
    }

    [Test]
    public void A_kernel_message_without_a_source_time_has_its_receive_time()
    {
        var entry = JournalParser.ParseLine(
            "{\"__CURSOR\":\"c2\",\"__REALTIME_TIMESTAMP\":\"1764110030000000\",\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"PM: suspend exit\"}");

        JournalClock.SourceTime(entry).Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1764110030000));
    }
}
