using System.Globalization;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Machines.Reaping;

/// <summary>Decides whether a run's resources may be reaped.</summary>
/// <remarks>
/// A run with an owner file is reaped once its owner process is gone. A run without one may be a run
/// that has not claimed yet, or a name that only looks like a run (another tool's <c>veilorqa-probes</c>):
/// it is reaped only when its id has the generated shape (<see cref="RunId.New"/>: MMddHHmmss + 6 hex)
/// and that time is older than the grace period.
/// </remarks>
public static partial class RunLiveness
{
    /// <summary>How long an unclaimed run is left alone. 6 hours outlasts any release job.</summary>
    public static readonly TimeSpan DefaultUnclaimedGrace = TimeSpan.FromHours(6);

    public static bool IsOrphaned(string runId) => IsOrphaned(runId, RunOwner.Read(runId), DateTime.UtcNow, DefaultUnclaimedGrace);

    internal static bool IsOrphaned(string runId, RunOwner? owner, DateTime utcNow, TimeSpan unclaimedGrace)
    {
        if (owner is not null)
        {
            return !owner.IsAlive();
        }

        return CreatedAt(runId, utcNow) is { } created && utcNow - created > unclaimedGrace;
    }

    /// <summary>The creation time encoded in a generated run id (the latest such time not after now), or null.</summary>
    internal static DateTime? CreatedAt(string runId, DateTime utcNow)
    {
        if (!GeneratedId().IsMatch(runId))
        {
            return null;
        }

        for (var year = utcNow.Year; year >= utcNow.Year - 1; year--)
        {
            if (DateTime.TryParseExact(year.ToString(CultureInfo.InvariantCulture) + runId[..10], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                && t <= utcNow.AddMinutes(5))
            {
                return t;
            }
        }

        return null;
    }

    [GeneratedRegex("^[0-9]{10}[0-9a-f]{6}$")]
    private static partial Regex GeneratedId();
}
