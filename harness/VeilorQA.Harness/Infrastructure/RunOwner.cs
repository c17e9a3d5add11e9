using System.Globalization;
using System.Text.Json;

namespace VeilorQA.Harness.Infrastructure;

/// <summary>Records which process owns a run, so the reaper never touches a live run's resources.</summary>
public sealed record RunOwner(string RunId, int ProcessId, long ProcessStartTicks, DateTimeOffset Started)
{
    /// <summary>Writes the owner file of <paramref name="run"/> for the current process (idempotent).</summary>
    public static RunOwner Claim(RunId run)
    {
        Directory.CreateDirectory(HarnessPaths.Runs);
        var owner = new RunOwner(run.Value, Environment.ProcessId, ProcessStartTicksOf(Environment.ProcessId) ?? 0, DateTimeOffset.UtcNow);
        File.WriteAllText(PathOf(run.Value), JsonSerializer.Serialize(owner));
        return owner;
    }

    /// <summary>Reads the owner file of a run id, or null when there is none or it is unreadable.</summary>
    public static RunOwner? Read(string runId)
    {
        try
        {
            return JsonSerializer.Deserialize<RunOwner>(File.ReadAllText(PathOf(runId)));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the owner file (after the run has cleaned up).</summary>
    public static void Release(string runId)
    {
        try
        {
            File.Delete(PathOf(runId));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>True while the owning process still runs (same pid and same start time).</summary>
    public bool IsAlive()
    {
        var ticks = ProcessStartTicksOf(ProcessId);
        return ticks is not null && (ProcessStartTicks == 0 || ticks == ProcessStartTicks);
    }

    /// <summary>Whether a run id may be reaped: no owner file, or its owner is gone.</summary>
    public static bool IsOrphaned(string runId) => Read(runId) is not { } owner || !owner.IsAlive();

    private static string PathOf(string runId) => Path.Combine(HarnessPaths.Runs, runId + ".json");

    /// <summary>Start time of a process in clock ticks since boot (/proc/PID/stat field 22), or null if gone.</summary>
    internal static long? ProcessStartTicksOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
