using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Health;

/// <summary>A process that dumped core in this boot, as systemd-coredump journals it.</summary>
public sealed record Coredump(string Executable, string? Pid, string? Signal, string Message)
{
    /// <summary>SD_MESSAGE_COREDUMP: systemd-coredump's "Process N (x) of user U dumped core." record.</summary>
    public const string MessageId = "fc2e22bc6ee647b6b90729ab34a250b1";

    /// <summary>This boot's coredump records as JSON lines (none: empty output).</summary>
    public const string Command = "journalctl -b 0 -o json --no-pager -q MESSAGE_ID=" + MessageId;

    public override string ToString() => $"{Executable} (pid {Pid ?? "?"}, {Signal ?? "signal ?"})";

    public static IReadOnlyList<Coredump> ParseJournal(string jsonLines) =>
        JournalParser.ParseJsonLines(jsonLines)
            .Where(e => e.MessageId == MessageId)
            .Select(e => new Coredump(e.Field("COREDUMP_EXE") ?? e.Field("COREDUMP_COMM") ?? "?", e.Field("COREDUMP_PID"), e.Field("COREDUMP_SIGNAL_NAME"), e.Message))
            .ToList();
}
