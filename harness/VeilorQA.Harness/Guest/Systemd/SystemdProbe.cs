using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;

namespace VeilorQA.Harness.Guest.Systemd;

/// <summary>Unit state via systemctl and unit runs via the journal's "unit started" records.</summary>
public sealed class SystemdProbe(IShell shell)
{
    public const string ShownProperties = "Id,LoadState,ActiveState,SubState,UnitFileState,WantedBy,ExecMainStatus,Result,NRestarts";

    public static string Show(string unit) => $"systemctl show -p {ShownProperties} {ProbeShell.Quote(unit)}";

    public static string ReverseDependencies(string unit) => $"systemctl list-dependencies --plain --reverse --no-pager {ProbeShell.Quote(unit)}";

    /// <summary>Start jobs that completed for the unit, across every boot the journal keeps.</summary>
    public static string StartedRecords(string unit) =>
        $"journalctl -o json --no-pager MESSAGE_ID={JournalMarkers.UnitStartedMessageId} UNIT={ProbeShell.Quote(unit)}";

    /// <summary>Start jobs of the unit that did not complete, across every boot the journal keeps.</summary>
    public static string FailedStartRecords(string unit) =>
        $"journalctl -o json --no-pager MESSAGE_ID={JournalMarkers.UnitFailedMessageId} UNIT={ProbeShell.Quote(unit)}";

    /// <summary>The unit's own last journal lines (its output and systemd's words about it), across boots.</summary>
    public static string LastLines(string unit, int count) =>
        $"journalctl --no-pager -o cat -n {count} -u {ProbeShell.Quote(unit)}";

    public async Task<SystemdUnitState> ShowAsync(string unit, CancellationToken cancellationToken = default) =>
        SystemdUnitState.Parse(await shell.OutputOfAsync(Show(unit), cancellationToken));

    /// <summary>The units that (transitively) pull this one in, as <c>list-dependencies --reverse</c> lists them.</summary>
    public async Task<IReadOnlyList<string>> ReverseDependenciesAsync(string unit, CancellationToken cancellationToken = default) =>
        ParseDependencyList(await shell.OutputOfAsync(ReverseDependencies(unit), cancellationToken));

    public async Task<IReadOnlyList<JournalEntry>> StartsAsync(string unit, CancellationToken cancellationToken = default) =>
        JournalParser.ParseJsonLines(await shell.OutputOfAsync(StartedRecords(unit), cancellationToken))
            .Where(e => e.Field("JOB_RESULT") is null or "done")
            // A start job whose condition failed (e.g. ConditionPathExists=! of a done-stamp) completes as "done" too;
            // systemd marks it CONDITION_RESULT=no and says "was skipped": the unit did not run.
            .Where(e => e.Field("CONDITION_RESULT") != "no" && !e.Message.Contains("was skipped", StringComparison.Ordinal))
            .ToList();

    /// <summary>Start jobs in which the unit itself ran and failed (its process exited non-zero or timed out), not those a failed dependency cancelled.</summary>
    public async Task<IReadOnlyList<JournalEntry>> FailedRunsAsync(string unit, CancellationToken cancellationToken = default) =>
        JournalParser.ParseJsonLines(await shell.OutputOfAsync(FailedStartRecords(unit), cancellationToken))
            .Where(e => e.Field("JOB_RESULT") is "failed" or "timeout")
            .ToList();

    public async Task<UnitRunCheck> CheckWantedAndRanOnceAsync(string unit, string target, CancellationToken cancellationToken = default)
    {
        var state = await ShowAsync(unit, cancellationToken);
        var starts = await StartsAsync(unit, cancellationToken);
        var failures = await FailedRunsAsync(unit, cancellationToken);
        var lines = failures.Count == 0 && state.Result is null or "success"
            ? []
            : ProbeShell.Lines(await shell.OutputOfAsync(LastLines(unit, 8), cancellationToken)).ToList();
        return new UnitRunCheck(state, target, starts) { FailedRuns = failures, LastLines = lines };
    }

    /// <summary>The first line is the unit itself; the rest are indented names, maybe behind a status bullet.</summary>
    public static IReadOnlyList<string> ParseDependencyList(string output) =>
        ProbeShell.Lines(output).Skip(1)
            .Select(l => l.TrimStart(' ', '\t', '●', '○', '*'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToList();
}
