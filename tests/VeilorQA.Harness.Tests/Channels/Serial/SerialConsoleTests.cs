using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Channels.Serial;

public class SerialConsoleTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly Regex CryptsetupPrompt = new(@"Please enter passphrase for disk \S+ \([^)]*\): \(press TAB for no echo\) ?$");

    private readonly List<string> _files = [];

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_prompt_without_a_newline_is_matched_over_a_unix_socket()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync("[  OK  ] Started Load Kernel Modules.\r\nPlease enter passphrase for disk root (luks-1f2e): (press TAB for no echo) ");
        var match = await console.WaitForAsync(CryptsetupPrompt, Generous);

        match.Value.Should().StartWith("Please enter passphrase for disk root (luks-1f2e)");
    }

    [Test]
    public async Task A_prompt_without_a_newline_is_matched_over_tcp()
    {
        await using var server = ConsoleServer.ListenOnTcp();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync("Debian GNU/Linux 12 guest ttyS0\r\n\r\nguest login: ");
        var match = await console.WaitForAsync(new Regex(@"(\S+) login: $"), Generous);

        match.Groups[1].Value.Should().Be("guest");
    }

    [Test]
    public async Task A_pattern_split_across_chunks_is_matched()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        var wait = console.WaitForAsync(new Regex("PM: suspend exit"), Generous);

        await server.SendAsync("[   12.5] PM: susp");
        await Task.Delay(100);
        wait.IsCompleted.Should().BeFalse();
        await server.SendAsync("end exit\r\n");

        (await wait).Value.Should().Be("PM: suspend exit");
    }

    [Test]
    public async Task Waiting_for_quiet_ends_once_the_console_stopped_printing_and_leaves_the_output_to_match()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("[  OK  ] Reached target Basic System.\r\n");
        await console.WaitForAsync(new Regex("Basic System"), Generous);
        var started = DateTime.UtcNow;

        await console.WaitForQuietAsync(TimeSpan.FromMilliseconds(400), Generous);

        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(3));
        await server.SendAsync("Please enter passphrase for disk root: ");
        await console.WaitForQuietAsync(TimeSpan.FromMilliseconds(300), Generous);
        (await console.WaitForAsync(new Regex("passphrase for disk"), TimeSpan.FromSeconds(1))).Success.Should().BeTrue();
    }

    [Test]
    public async Task A_console_that_keeps_printing_times_out_the_wait_for_quiet_with_its_last_lines()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await server.SendAsync($"[ {n} ] audit: flood\r\n");
                await Task.Delay(50);
            }
        });
        await console.WaitForAsync(new Regex("audit: flood"), Generous);

        var wait = () => console.WaitForQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));

        var thrown = (await wait.Should().ThrowAsync<WaitTimeoutException>()).Which;
        await stop.CancelAsync();
        await flood;
        thrown.WaitedFor.Should().StartWith("serial console unix:").And.Contain("to fall quiet for 1 s");
        thrown.LastSeen.Should().Contain("audit: flood");
    }

    [Test]
    public async Task A_multibyte_character_split_across_chunks_is_decoded()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        var bytes = Encoding.UTF8.GetBytes("Zustand: geöffnet\n");
        var split = Array.IndexOf(bytes, (byte)0xC3) + 1;

        await server.SendBytesAsync(bytes[..split]);
        await Task.Delay(50);
        await server.SendBytesAsync(bytes[split..]);

        (await console.WaitForAsync(new Regex("geöffnet"), Generous)).Success.Should().BeTrue();
    }

    [Test]
    public async Task Escape_sequences_are_stripped_for_matching_and_the_transcript()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.SendAsync("[\u001b[0;32m  OK  \u001b[0m] Reached target \u001b[0;1;39mBasic Sys");
        await Task.Delay(50);
        await server.SendAsync("tem\u001b[0m.\r\n\u001b]0;title\u0007done\r\n");
        await console.WaitForAsync(new Regex("done"), Generous);

        console.Transcript.Should().Contain("] [  OK  ] Reached target Basic System.\n").And.NotContain("\u001b").And.NotContain("title");
    }

    [Test]
    public async Task A_match_consumes_output_up_to_its_end()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("step 1 done\nstep 2 done\n");

        var first = await console.WaitForAsync(new Regex(@"step (\d) done"), Generous);
        var second = await console.WaitForAsync(new Regex(@"step (\d) done"), Generous);
        var third = () => console.WaitForAsync(new Regex(@"step (\d) done"), TimeSpan.FromMilliseconds(200));

        first.Groups[1].Value.Should().Be("1");
        second.Groups[1].Value.Should().Be("2");
        await third.Should().ThrowAsync<WaitTimeoutException>();
    }

    [Test]
    public async Task A_timeout_carries_the_last_console_lines()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync(string.Concat(Enumerable.Range(1, 50).Select(i => $"boot line {i}\r\n")) + "emergency prompt> ");
        await console.WaitForAsync(new Regex("emergency prompt> "), Generous);

        var wait = () => console.WaitForAsync(new Regex("login:"), TimeSpan.FromMilliseconds(300));

        var thrown = (await wait.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.WaitedFor.Should().Contain("/login:/").And.Contain(server.Endpoint.ToString());
        thrown.LastSeen.Should().Contain("boot line 50").And.Contain("boot line 22").And.Contain("emergency prompt> ");
        thrown.LastSeen.Should().NotContain("boot line 21\n");
        thrown.Message.Should().Contain("Timed out after 0.3 s").And.Contain("boot line 50");
    }

    [Test]
    public async Task A_secret_written_and_echoed_is_masked_in_the_transcript_and_its_file()
    {
        var transcriptPath = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"transcript-{Guid.NewGuid():N}.log"));
        _files.Add(transcriptPath);
        await using var server = ConsoleServer.ListenOnUnixSocket();
        server.Echo = true;
        var secret = new Secret("correct-horse-" + Guid.NewGuid().ToString("N")[..8]);
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint) { TranscriptPath = transcriptPath }, Generous);
        await server.SendAsync("Please enter passphrase for disk root: ");
        await console.WaitForAsync(new Regex("passphrase for disk root: $"), Generous);

        await console.WriteSecretLineAsync(secret);
        await server.WaitForReceivedAsync(secret.Reveal() + "\n", Generous);
        await console.WaitForAsync(new Regex(Regex.Escape(secret.Reveal())), Generous);
        await server.SendAsync("\r\nroot unlocked\r\n");
        await console.WaitForAsync(new Regex("root unlocked"), Generous);

        console.Transcript.Should().NotContain(secret.Reveal()).And.Contain(">> ******\\n").And.MatchRegex(@"\] \*{6}\n");
        var file = await File.ReadAllTextAsync(transcriptPath);
        file.Should().NotContain(secret.Reveal()).And.Contain("Please enter passphrase for disk root: ").And.Contain("root unlocked");
    }

    [Test]
    public async Task An_echoed_passphrase_is_found_by_its_offset_in_the_raw_bytes_though_the_transcript_masks_it()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        server.Echo = true;
        var secret = new Secret("echoed-horse-" + Guid.NewGuid().ToString("N")[..8]);
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("Please enter passphrase for disk root: ");
        await console.WaitForAsync(new Regex("passphrase for disk root: $"), Generous);

        await console.WriteSecretLineAsync(secret);
        await console.WaitForAsync(new Regex(Regex.Escape(secret.Reveal())), Generous);

        console.Transcript.Should().NotContain(secret.Reveal());
        console.FindEcho(secret).Should().Be(Encoding.UTF8.GetByteCount("Please enter passphrase for disk root: "));
    }

    [Test]
    public async Task A_passphrase_the_guest_never_echoed_is_not_found()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        var secret = new Secret("quiet-horse-" + Guid.NewGuid().ToString("N")[..8]);
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("Please enter passphrase for disk root: ");
        await console.WaitForAsync(new Regex("passphrase for disk root: $"), Generous);

        await console.WriteSecretLineAsync(secret);
        await server.WaitForReceivedAsync(secret.Reveal() + "\n", Generous);
        await server.SendAsync("\r\nroot unlocked\r\n");
        await console.WaitForAsync(new Regex("root unlocked"), Generous);

        console.FindEcho(secret).Should().BeNull();
    }

    [Test]
    public void The_raw_bytes_keep_the_newest_output_and_count_offsets_from_the_first_byte()
    {
        var raw = new RawConsoleBytes(1024);
        raw.Append(Encoding.ASCII.GetBytes(new string('a', 1000)));
        raw.Append(Encoding.ASCII.GetBytes("SECRET"));
        raw.Append(Encoding.ASCII.GetBytes(new string('b', 600)));

        raw.Find(Encoding.ASCII.GetBytes("SECRET")).Should().Be(1000);
        raw.Find(Encoding.ASCII.GetBytes("nowhere")).Should().BeNull();
    }

    [Test]
    public async Task A_secret_whose_echo_is_cut_short_shows_none_of_its_characters()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        var secret = new Secret("battery-staple-" + Guid.NewGuid().ToString("N")[..8]);
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("Passphrase: ");
        await console.WaitForAsync(new Regex("Passphrase: $"), Generous);

        await console.WriteSecretLineAsync(secret);
        await server.SendAsync(secret.Reveal()[..10]);
        await console.WaitForAsync(new Regex(Regex.Escape(secret.Reveal()[..10])), Generous);
        var midEcho = console.Transcript;
        await console.WriteAsync("\u0003");

        midEcho.Should().NotContain(secret.Reveal()[..10]).And.EndWith("] ******\n");
        console.Transcript.Should().NotContain(secret.Reveal()[..10]);
    }

    [Test]
    public async Task The_transcript_is_timestamped_and_written_to_its_file_while_the_console_runs()
    {
        var transcriptPath = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"transcript-{Guid.NewGuid():N}.log"));
        _files.Add(transcriptPath);
        await using var server = ConsoleServer.ListenOnTcp();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint) { TranscriptPath = transcriptPath }, Generous);

        await server.SendAsync("first line\r\nsecond line\r\n");
        await console.WaitForAsync(new Regex("second line"), Generous);
        await console.WriteAsync("root\n");

        var lines = (await File.ReadAllTextAsync(transcriptPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().MatchRegex(@"^\[\+\d+\.\d{3}s\] first line$");
        lines[1].Should().MatchRegex(@"^\[\+\d+\.\d{3}s\] second line$");
        lines[2].Should().MatchRegex(@"^\[\+\d+\.\d{3}s\] >> root\\n$");
    }

    [Test]
    public async Task Written_text_reaches_the_other_end()
    {
        await using var server = ConsoleServer.ListenOnTcp();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await console.WriteAsync("systemctl suspend\n");

        await server.WaitForReceivedAsync("systemctl suspend\n", Generous);
    }

    [Test]
    public async Task The_console_reconnects_when_the_guest_side_drops_the_connection()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("before reboot\n");
        await console.WaitForAsync(new Regex("before reboot"), Generous);

        await server.DropClientAsync();
        await server.SendAsync("after reboot login: ");
        await console.WaitForAsync(new Regex("after reboot login: "), Generous);
        await console.WriteAsync("root\n");

        await server.WaitForReceivedAsync("root\n", Generous);
        console.ConnectionCount.Should().Be(2);
        console.Transcript.Should().Contain("reconnected to " + server.Endpoint);
    }

    [Test]
    public async Task The_console_reconnects_to_a_new_socket_at_the_same_path_after_a_restore()
    {
        await using var server = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await server.RecreateSocketAsync();
        await server.SendAsync("restored\n");

        (await console.WaitForAsync(new Regex("restored"), Generous)).Success.Should().BeTrue();
    }

    [Test]
    public async Task A_retargeted_console_reads_the_new_socket()
    {
        await using var first = ConsoleServer.ListenOnUnixSocket();
        await using var second = ConsoleServer.ListenOnUnixSocket();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(first.Endpoint), Generous);

        console.Retarget(second.Endpoint);
        await second.SendAsync("copy 2 booted\n");

        (await console.WaitForAsync(new Regex("copy 2 booted"), Generous)).Success.Should().BeTrue();
        console.Endpoint.Should().Be(second.Endpoint);
    }

    [Test]
    public async Task Connecting_to_a_missing_socket_times_out_naming_the_endpoint_and_the_error()
    {
        var path = ConsoleServer.NewSocketPath();

        var connect = () => SerialConsole.ConnectAsync(new SerialConsoleOptions(SerialEndpoint.UnixSocket(path)), TimeSpan.FromMilliseconds(300));

        var thrown = (await connect.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.WaitedFor.Should().Contain("unix:" + path);
        thrown.LastSeen.Should().Contain("not connected");
    }

    [Test]
    public async Task Output_sent_before_the_wait_started_is_matched()
    {
        await using var server = ConsoleServer.ListenOnTcp();
        await using var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        await server.SendAsync("early marker\n");
        await Task.Delay(100);

        (await console.WaitForAsync(new Regex("early marker"), TimeSpan.FromMilliseconds(500))).Success.Should().BeTrue();
    }

    [Test]
    public async Task A_pending_wait_ends_when_the_console_is_disposed()
    {
        await using var server = ConsoleServer.ListenOnTcp();
        var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);
        var wait = console.WaitForAsync(new Regex("never printed"), TimeSpan.FromMinutes(5));

        await console.DisposeAsync();

        var finished = await Task.WhenAny(wait, Task.Delay(Generous));
        finished.Should().BeSameAs(wait);
        await FluentActions.Awaiting(() => wait).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task Disposing_twice_is_harmless()
    {
        await using var server = ConsoleServer.ListenOnTcp();
        var console = await SerialConsole.ConnectAsync(new SerialConsoleOptions(server.Endpoint), Generous);

        await console.DisposeAsync();
        var again = async () => await console.DisposeAsync();

        await again.Should().NotThrowAsync();
    }
}
