using System.Globalization;

namespace VeilorQA.Harness.Guest.Journal;

/// <summary>When a journal entry happened at its source, rather than when journald got round to storing it.</summary>
/// <remarks>
/// Around a suspend journald is frozen with everything else: a message sent just before the freeze is
/// stored after the resume, so its <c>__REALTIME_TIMESTAMP</c> lies. journald keeps the sender's time in
/// <c>_SOURCE_REALTIME_TIMESTAMP</c> for messages from the native protocol; kernel messages have none.
/// </remarks>
public static class JournalClock
{
    public const string SourceRealtimeField = "_SOURCE_REALTIME_TIMESTAMP";

    public static DateTimeOffset SourceTime(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return long.TryParse(entry.Field(SourceRealtimeField), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10)
            : entry.Timestamp;
    }
}
