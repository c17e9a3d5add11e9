using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Wifi;

/// <summary>NetworkManager's own account of a device's activations in a journal slice.</summary>
public static class NetworkManagerJournal
{
    public const string Identifier = "NetworkManager";

    /// <summary>The first "device (DEV): Activation: successful" in <paramref name="entries"/>, or null when NetworkManager logged none.</summary>
    public static JournalEntry? FirstActivation(IEnumerable<JournalEntry> entries, string device)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(device);
        var needle = $"device ({device}): Activation: successful";
        return entries.FirstOrDefault(e => e.Identifier == Identifier && e.Message.Contains(needle, StringComparison.Ordinal));
    }

    /// <summary>
    /// How long after <paramref name="resumedAt"/> (guest clock) <paramref name="device"/> was back: NetworkManager's own
    /// "Activation: successful" after the resume when it logged one (the shell may have come back later than the station),
    /// else <paramref name="seenConnectedAt"/>; with how that was known, for a failure message.
    /// </summary>
    public static (TimeSpan Took, string How) ReconnectTime(IEnumerable<JournalEntry> entries, string device, DateTimeOffset resumedAt, DateTimeOffset seenConnectedAt)
    {
        var activation = FirstActivation(entries.Where(e => JournalClock.SourceTime(e) >= resumedAt), device);
        return activation is null
            ? (seenConnectedAt - resumedAt, "first seen connected then")
            : (JournalClock.SourceTime(activation) - resumedAt, "NetworkManager: " + activation.Message);
    }
}
