using System.Globalization;

namespace VeilorQA.Harness.Install.Iso;

/// <summary>Turns a running byte count into a line every tenth of the total (or every 10 s when the total is unknown or slow).</summary>
internal sealed class TransferProgress(Action<string>? sink, string verb, string what, long? total, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly long _started = time.GetTimestamp();
    private long _lastReport = time.GetTimestamp();
    private int _lastTenth;

    public void Advance(long done)
    {
        if (sink is null)
        {
            return;
        }

        var tenth = total is > 0 ? (int)Math.Min(10, done * 10 / total.Value) : 0;
        if (tenth > _lastTenth || time.GetElapsedTime(_lastReport) >= Interval)
        {
            _lastTenth = Math.Max(_lastTenth, tenth);
            _lastReport = time.GetTimestamp();
            sink($"{verb} {what}: {Describe(done)}");
        }
    }

    private string Describe(long done)
    {
        var elapsed = time.GetElapsedTime(_started).TotalSeconds;
        var rate = elapsed > 0 ? $", {Mib(done / elapsed)} MiB/s" : string.Empty;
        return total is > 0
            ? $"{done * 100 / total.Value} % ({Mib(done)} of {Mib(total.Value)} MiB{rate})"
            : $"{Mib(done)} MiB{rate}";
    }

    private static string Mib(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);
}
