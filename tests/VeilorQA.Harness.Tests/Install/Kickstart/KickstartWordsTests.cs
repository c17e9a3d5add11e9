using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Install.Kickstart;

public sealed class KickstartWordsTests
{
    // Expected words from Python 3.11: shlex.split(line, comments=True).
    [TestCase("a#b c", new[] { "a" })]
    [TestCase("x \"a\\b\" y", new[] { "x", "a\\b", "y" })]
    [TestCase("'\\\\'", new[] { "\\\\" })]
    [TestCase("\"\"", new[] { "" })]
    [TestCase("a\\ b", new[] { "a b" })]
    [TestCase("\"a\\\"b\"", new[] { "a\"b" })]
    [TestCase("--x=\"a b\"c", new[] { "--x=a bc" })]
    [TestCase("  part  /\t--grow # c", new[] { "part", "/", "--grow" })]
    public void Words_are_split_as_shlex_with_comments_splits_them(string line, string[] expected) =>
        KickstartWords.Split(line).Should().Equal(expected);

    [TestCase("lang \"en", KickstartWords.NoClosingQuotation)]
    [TestCase("lang 'en", KickstartWords.NoClosingQuotation)]
    [TestCase("lang en\\", KickstartWords.NoEscapedCharacter)]
    [TestCase("lang \"en\\", KickstartWords.NoEscapedCharacter)]
    public void Broken_quoting_fails_with_shlexs_text(string line, string message) =>
        FluentActions.Invoking(() => KickstartWords.Split(line)).Should().Throw<FormatException>().WithMessage(message);

    [TestCase("plain-word_1.2:3/x@y")]
    [TestCase("two words")]
    [TestCase("it's \"quoted\" \\ $HOME #not a comment")]
    [TestCase("")]
    public void A_quoted_word_splits_back_into_itself(string word) =>
        KickstartWords.Split(KickstartWords.Quote(word)).Should().Equal(word);
}
