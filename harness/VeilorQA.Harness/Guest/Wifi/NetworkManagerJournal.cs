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
}
