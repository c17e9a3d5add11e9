using System.Text.Json;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;

namespace VeilorQA.Harness.Tests.Guest.Sleep;

/// <summary>
/// A target's shell through one suspend: answers until the suspend request, is silent until a reconnect, and then shows
/// a captured journal of the cycle with the request's marker (at its real text) added 0.5 s before systemd-sleep starts.
/// </summary>
internal sealed class SuspendingShell : IShell
{
    private readonly string[] _journal = Sample.Read("journal/suspend-cycle.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    private string? _marker;
    private bool _asleep;

    public List<string> Commands { get; } = [];

    public int Reconnects { get; private set; }

    /// <summary>The shell keeps answering after the request (the target never suspends).</summary>
    public bool NeverSuspends { get; init; }

    /// <summary>The shell does not come back (the target never wakes).</summary>
    public bool NeverWakes { get; init; }

    /// <summary>The journal after the cycle lacks the kernel's "PM: suspend exit".</summary>
    public bool KernelExitMissing { get; init; }

    public string Endpoint => "root@suspending";

    public string Cursor => JournalParser.ParseLine(_journal[0]).Cursor;

    public Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Commands.Add(command);
        if (_asleep)
        {
            throw new IOException("Session operation has timed out");
        }

        if (command.StartsWith($"logger -t {ShellSleep.MarkerTag} '", StringComparison.Ordinal))
        {
            _marker = command.Split('\'')[1];
            _asleep = !NeverSuspends;
            return Answer(command, string.Empty);
        }

        return command switch
        {
            "true" => Answer(command, string.Empty),
            JournalProbe.ReadLatest => Answer(command, _journal[0]),
            _ when command == JournalProbe.ReadAfterCursor(Cursor) => Answer(command, string.Join('\n', After())),
            _ when command == JournalProbe.ReadTextAfterCursor(Cursor) => Answer(command, "Dec 03 14:00:00 refguest veilorqa-qa[811]: " + _marker),
            _ => throw new InvalidOperationException($"unexpected command: {command}"),
        };
    }

    public Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Reconnects++;
        if (NeverWakes)
        {
            throw new WaitTimeoutException("SSH at root@suspending", timeout, "connection refused");
        }

        _asleep = false;
        return Task.CompletedTask;
    }

    public Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Task<ShellResult> Answer(string command, string stdout) =>
        Task.FromResult(new ShellResult(command, 0, stdout, string.Empty, TimeSpan.FromMilliseconds(5)));

    private IEnumerable<string> After()
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["__CURSOR"] = "s=marker;i=99",
            ["SYSLOG_IDENTIFIER"] = ShellSleep.MarkerTag,
            ["MESSAGE"] = _marker!,
            ["_SOURCE_REALTIME_TIMESTAMP"] = "1764110001500000",
            ["__REALTIME_TIMESTAMP"] = "1764110010500000",
            ["__MONOTONIC_TIMESTAMP"] = "5001500000",
        });
        return _journal.Skip(1).Prepend(request).Where(l => !KernelExitMissing || !l.Contains("PM: suspend exit", StringComparison.Ordinal));
    }
}
