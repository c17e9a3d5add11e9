using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Channels.Shell;

public class ShellQuoteTests
{
    [TestCase("plain")]
    [TestCase("it's")]
    [TestCase("with space and $HOME `id` \"quotes\" \\ back")]
    [TestCase("'''")]
    [TestCase("")]
    public async Task A_quoted_word_reaches_the_program_unchanged(string word)
    {
        var output = await ExternalCommand.RunCheckedAsync("sh", ["-c", $"printf %s {ShellQuote.Single(word)}"], TimeSpan.FromSeconds(10));

        output.Should().Be(word);
    }
}
