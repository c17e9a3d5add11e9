using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Journal;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Guest.Wifi;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Reporting;

namespace VeilorQA.Release.Suites;

/// <summary>
/// What the suspend-wifi suite leaves in the report besides its verdicts: the cycle table (parameters, CSV, JSON and the
/// progress log) and, for a failed cycle, what explains it. Mechanics only; the suite's assertions stay in the suite.
/// </summary>
public static class SuspendWifiEvidence
{
    /// <summary>Every cycle that ran, passed or failed, as report parameters, CSV and JSON attachments and a progress line.</summary>
    public static void AttachCycles(IReadOnlyList<SuspendCycleTimings> cycles, TimeSpan reconnectBudget)
    {
        foreach (var (name, value) in SuspendCycleTable.Parameters(cycles))
        {
            Report.Parameter(name, value);
        }

        Report.Attach("suspend cycles (CSV)", SuspendCycleTable.ToCsv(cycles), AttachmentTypes.Csv);
        Report.Attach("suspend cycles (JSON)", SuspendCycleTable.ToJson(cycles, reconnectBudget), AttachmentTypes.Json);
        TestContext.Progress.WriteLine("suspend-wifi cycles:\n" + SuspendCycleTable.ToCsv(cycles));
    }

    /// <summary>
    /// For a cycle that failed with <paramref name="failure"/>: why the target could not be brought back (when the sleep
    /// says), the station's nmcli state and the journal since the suspend; a shell that cannot give them is noted instead.
    /// </summary>
    public static async Task AttachFailedCycleAsync(IShell shell, TimeSpan commandTimeout, int cycle, Exception failure, JournalProbe journal, string cursor, string device)
    {
        if (failure.Data[ShellSleep.NotBroughtBackKey] is string why)
        {
            Report.Attach($"cycle {cycle}: the target could not be brought back", why);
        }

        try
        {
            var nmcli = await shell.RunAsync(WifiProbe.ShowEverything(device), commandTimeout);
            Report.Attach($"cycle {cycle}: nmcli state", nmcli.StandardOutput + nmcli.StandardError);
            Report.Attach($"cycle {cycle}: journal since the suspend", await journal.ReadTextAfterCursorAsync(cursor));
        }
        catch (Exception e) when (e is InfrastructureException or ShellCommandException)
        {
            Report.Attach($"cycle {cycle}: evidence not collected", $"the shell could not give nmcli state or the journal: {e.Message}");
        }
    }
}
