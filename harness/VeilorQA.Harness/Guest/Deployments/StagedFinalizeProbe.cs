using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>
/// Reads, after a reboot, how the previous boot's shutdown finalized the staged deployment (<see cref="StagedFinalizeTimeline"/>).
/// Needs a persistent journal (veilor-os and the reference guest have one); without it the probe says so instead of guessing.
/// </summary>
public sealed class StagedFinalizeProbe(IShell shell)
{
    public static readonly string ReadUnitOfPreviousBoot = $"journalctl -b -1 -o json --no-pager -u {StagedFinalizeTimeline.Unit}";

    public const string ReadLastOfPreviousBoot = "journalctl -b -1 -o json --no-pager -n 1";

    /// <summary>The timeline, or null with the reason when the guest keeps no journal of the previous boot.</summary>
    public async Task<(StagedFinalizeTimeline? Timeline, string? Unavailable)> ReadPreviousShutdownAsync(CancellationToken cancellationToken = default)
    {
        var unit = await shell.ResultOfAsync(ReadUnitOfPreviousBoot, cancellationToken);
        if (!unit.Succeeded)
        {
            return (null, $"'{ReadUnitOfPreviousBoot}' failed (exit {unit.ExitCode}): {unit.StandardError.Trim()}");
        }

        var last = JournalParser.ParseJsonLines(await shell.OutputOfAsync(ReadLastOfPreviousBoot, cancellationToken));
        return (StagedFinalizeTimeline.From(JournalParser.ParseJsonLines(unit.StandardOutput), last.Count > 0 ? last[^1] : null), null);
    }
}
