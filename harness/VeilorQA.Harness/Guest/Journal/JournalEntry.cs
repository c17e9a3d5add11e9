namespace VeilorQA.Harness.Guest.Journal;

/// <summary>One journal record from <c>journalctl -o json</c>; every field is kept, the common ones are typed.</summary>
public sealed record JournalEntry(string Cursor, DateTimeOffset Timestamp, string Message, IReadOnlyDictionary<string, string> Fields)
{
    public string? Identifier => Field("SYSLOG_IDENTIFIER");

    public string? Unit => Field("_SYSTEMD_UNIT") ?? Field("UNIT");

    public string? MessageId => Field("MESSAGE_ID");

    public string? BootId => Field("_BOOT_ID");

    public bool IsKernel => Field("_TRANSPORT") == "kernel";

    public string? Field(string name) => Fields.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => $"{Timestamp:yyyy-MM-dd HH:mm:ss.ffffff} {Identifier ?? "?"}: {Message}";
}
