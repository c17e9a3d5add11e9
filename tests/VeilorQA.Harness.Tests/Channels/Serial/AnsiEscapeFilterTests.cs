using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Serial;

namespace VeilorQA.Harness.Tests.Channels.Serial;

public class AnsiEscapeFilterTests
{
    [TestCase("\u001b[0;32mOK\u001b[0m", "OK", TestName = "Colour_codes_are_removed")]
    [TestCase("a\u001b[2Jb\u001b[Hc", "abc", TestName = "Screen_and_cursor_commands_are_removed")]
    [TestCase("\u001b]0;root@guest:~\u0007prompt", "prompt", TestName = "A_window_title_ending_in_BEL_is_removed")]
    [TestCase("\u001b]8;;http://x\u001b\\link", "link", TestName = "A_hyperlink_ending_in_ST_is_removed")]
    [TestCase("\u001b(Bplain\u001b=", "plain", TestName = "Charset_and_keypad_modes_are_removed")]
    [TestCase("line\r\n", "line\n", TestName = "Carriage_returns_are_dropped")]
    [TestCase("tab\there\u0007\u0008", "tab\there", TestName = "Bell_and_backspace_are_dropped_tab_is_kept")]
    public void A_chunk_loses_its_escape_sequences_and_control_characters(string input, string expected)
    {
        new AnsiEscapeFilter().Filter(input).Should().Be(expected);
    }

    [Test]
    public void A_sequence_split_across_chunks_is_removed_whole()
    {
        var filter = new AnsiEscapeFilter();

        var first = filter.Filter("Reached \u001b[0;1");
        var second = filter.Filter(";39mtarget\u001b");
        var third = filter.Filter("[0m.");

        (first + second + third).Should().Be("Reached target.");
        first.Should().Be("Reached ");
    }
}
