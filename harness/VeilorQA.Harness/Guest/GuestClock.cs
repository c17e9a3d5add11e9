using System.Globalization;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest;

/// <summary>The guest's wall clock, to the microsecond: budgets that start at a journal entry are counted on the clock that wrote it.</summary>
public static class GuestClock
{
    public const string ReadNow = "date +%s%6N";

    public static async Task<DateTimeOffset> NowAsync(IShell shell, CancellationToken cancellationToken = default) =>
        Parse(await shell.OutputOfAsync(ReadNow, cancellationToken));

    /// <exception cref="GuestOutputException">Not microseconds since the epoch.</exception>
    public static DateTimeOffset Parse(string output)
    {
        var text = output.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10)
            : throw new GuestOutputException(ReadNow, "expected microseconds since the epoch", text);
    }
}
