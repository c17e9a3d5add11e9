using System.Text;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using VeilorQA.Harness.Install.Watch;
using static VeilorQA.Harness.Tests.Install.Watch.InstallTranscripts;

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

    [Test]
    public async Task The_feed_polls_both_files_into_the_watcher_until_told_to_stop_and_delivers_the_last_partial_lines()
    {
        var log = Path.Combine(_dir, "anaconda.log");
        var serial = Path.Combine(_dir, "serial.log");
        var time = new FakeTimeProvider(Start);
        var watcher = new InstallWatcher();
        var stopped = false;
        var feed = InstallLogFeed.RunAsync(watcher, new LineFollower(log), new LineFollower(serial), () => Volatile.Read(ref stopped),
            TimeSpan.FromSeconds(1), time, CancellationToken.None);

        Append(serial, "Starting installer, one moment...\r\n");
        Append(log, Virtio(20, "anaconda", "INFO", "anaconda.core.progress", "Configuring storage") + "\n");
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitFor(() => watcher.Current == InstallPhase.Storage);
        Append(log, Virtio(70, "anaconda", "INFO", "anaconda.core.progress", "Installation complete"));
        Volatile.Write(ref stopped, true);
        // The loop may not be waiting yet when the clock moves: move it until the feed has seen the stop.
        await WaitFor(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return feed.IsCompleted;
        });
        await feed;

        // One poll reads the log before the console, so "Starting installer" came after "Configuring storage": too late to count.
        watcher.LastLines(3).Should().Equal(
            "[anaconda] " + Virtio(20, "anaconda", "INFO", "anaconda.core.progress", "Configuring storage"),
            "[console] Starting installer, one moment...",
            "[anaconda] " + Virtio(70, "anaconda", "INFO", "anaconda.core.progress", "Installation complete"));
        watcher.Phases.Select(p => p.Phase).Should().Equal(InstallPhase.Storage, InstallPhase.Done);
        watcher.Phases[0].At.Should().Be(Start.AddSeconds(1));
        watcher.Phases[1].At.Should().BeOnOrAfter(Start.AddSeconds(2));
        watcher.Completed.Should().BeTrue();
    }

    [Test]
    public async Task A_cancelled_feed_still_hands_over_what_was_written_and_then_reports_the_cancellation()
    {
        var serial = Path.Combine(_dir, "serial.log");
        var watcher = new InstallWatcher();
        using var cancel = new CancellationTokenSource();
        Append(serial, "storage configuration failed: Unable to allocate requested partition scheme.");
        var feed = InstallLogFeed.RunAsync(watcher, null, new LineFollower(serial), () => false, TimeSpan.FromMinutes(1), TimeProvider.System, cancel.Token);

        await cancel.CancelAsync();

        await feed.Invoking(f => f.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
        watcher.Failure!.Kind.Should().Be(InstallFailureKind.Storage);
    }

    private static void Append(string path, string text) => File.AppendAllText(path, text);

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the feed did not deliver the lines within 10 s");
            }

            await Task.Delay(10);
        }
    }
}
