using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Journal;

/// <summary>Reads the guest journal as typed entries, from a cursor so a suite sees only what happened during its step.</summary>
public sealed class JournalProbe(IShell shell)
{
    /// <summary>The newest entry; its cursor marks "now" for a later <see cref="ReadAfterCursorAsync"/>.</summary>
    public const string ReadLatest = "journalctl -o json -n 1 --no-pager";

    public static string ReadAfterCursor(string cursor) => $"journalctl -o json --no-pager --after-cursor={ProbeShell.Quote(cursor)}";

    /// <summary>By wall-clock time, when no cursor was taken (e.g. before a reboot); <c>@seconds</c> avoids time-zone parsing on the guest.</summary>
    public static string ReadSince(DateTimeOffset since) => $"journalctl -o json --no-pager --since=@{since.ToUnixTimeSeconds()}";

    public static string ReadTextAfterCursor(string cursor) => $"journalctl -o short-precise --no-pager --after-cursor={ProbeShell.Quote(cursor)}";

    public static string ReadThisBootForUnit(string unit) => $"journalctl -o json --no-pager -b 0 -u {ProbeShell.Quote(unit)}";

    public async Task<string> CurrentCursorAsync(CancellationToken cancellationToken = default)
    {
        var entries = JournalParser.ParseJsonLines(await shell.OutputOfAsync(ReadLatest, cancellationToken));
        return entries.Count > 0
            ? entries[^1].Cursor
            : throw new GuestOutputException(ReadLatest, "the journal is empty", string.Empty);
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadAfterCursorAsync(string cursor, CancellationToken cancellationToken = default) =>
        JournalParser.ParseJsonLines(await shell.OutputOfAsync(ReadAfterCursor(cursor), cancellationToken));

    public async Task<IReadOnlyList<JournalEntry>> ReadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        JournalParser.ParseJsonLines(await shell.OutputOfAsync(ReadSince(since), cancellationToken));

    /// <summary>Plain text for a report attachment (the journal since a suspend, for example).</summary>
    public Task<string> ReadTextAfterCursorAsync(string cursor, CancellationToken cancellationToken = default) =>
        shell.OutputOfAsync(ReadTextAfterCursor(cursor), cancellationToken);
}
