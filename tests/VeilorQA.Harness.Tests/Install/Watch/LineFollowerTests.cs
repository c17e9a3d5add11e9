using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Tests.Install.Watch;

public sealed class LineFollowerTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-follow-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_file_that_does_not_exist_yet_reads_as_no_lines_and_is_read_once_it_appears()
    {
        var path = Path.Combine(_dir, "anaconda.log");
        var follower = new LineFollower(path);

        follower.ReadNewLines().Should().BeEmpty();
        follower.Flush().Should().BeNull();
        File.WriteAllText(path, "one\ntwo\n");

        follower.ReadNewLines().Should().Equal("one", "two");
        follower.ReadNewLines().Should().BeEmpty();
    }

    [Test]
    public void A_partial_last_line_is_held_back_until_its_newline_and_flushed_at_the_end()
    {
        var path = Path.Combine(_dir, "serial.log");
        var follower = new LineFollower(path);

        Append(path, "Configuring stor");
        follower.ReadNewLines().Should().BeEmpty();
        Append(path, "age\r\nDeployment starting: x\nInstalling boot");
        follower.ReadNewLines().Should().Equal("Configuring storage", "Deployment starting: x");
        Append(path, " loader");

        follower.ReadNewLines().Should().BeEmpty();
        follower.Flush().Should().Be("Installing boot loader");
        follower.Flush().Should().BeNull();
    }

    [Test]
    public void A_character_split_between_writes_is_decoded_whole_and_invalid_utf8_becomes_a_replacement_character()
    {
        var path = Path.Combine(_dir, "serial.log");
        var follower = new LineFollower(path);
        var euro = Encoding.UTF8.GetBytes("€");

        AppendBytes(path, [.. "price "u8.ToArray(), euro[0]]);
        follower.ReadNewLines().Should().BeEmpty();
        AppendBytes(path, [euro[1], euro[2], (byte)'\n', 0xff, 0xfe, (byte)'o', (byte)'k', (byte)'\n']);

        follower.ReadNewLines().Should().Equal("price €", "\uFFFD\uFFFDok");
    }

    [Test]
    public void A_file_recreated_shorter_is_read_again_from_its_start()
    {
        var path = Path.Combine(_dir, "serial.log");
        var follower = new LineFollower(path);
        File.WriteAllText(path, "first boot line one\nfirst boot line two\n");
        follower.ReadNewLines().Should().HaveCount(2);

        File.WriteAllText(path, "second\n");

        follower.ReadNewLines().Should().Equal("second");
    }

    [Test]
    public void A_line_without_end_comes_in_pieces_of_the_maximum_length()
    {
        var path = Path.Combine(_dir, "serial.log");
        var follower = new LineFollower(path);
        File.WriteAllText(path, new string('x', LineFollower.MaxLineBytes + 10));

        follower.ReadNewLines().Should().ContainSingle().Which.Should().HaveLength(LineFollower.MaxLineBytes);
        follower.Flush().Should().HaveLength(10);
    }

    private static void Append(string path, string text) => File.AppendAllText(path, text);

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }
}
