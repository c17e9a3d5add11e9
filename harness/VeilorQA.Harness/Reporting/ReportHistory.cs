using System.Security.Cryptography;
using System.Text;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Reporting;

/// <summary>
/// Keeps Allure's <c>history/</c> from one report to the next, so the trend and the flaky marks have something to show.
/// Allure reads the previous history from <c>RESULTS/history</c> and writes the new one to <c>REPORT/history</c>; a copy
/// is also kept under the state folder (keyed by the report's path), so a fresh clone on the same runner keeps its trend.
/// </summary>
public static class ReportHistory
{
    /// <summary>Puts the last report's history into <paramref name="resultsDirectory"/>/history; returns where it came from, or null.</summary>
    public static string? Restore(string resultsDirectory, string reportDirectory)
    {
        var source = new[] { Path.Combine(reportDirectory, "history"), Kept(reportDirectory) }.FirstOrDefault(d => Directory.Exists(d) && Directory.EnumerateFiles(d).Any());
        if (source is null)
        {
            return null;
        }

        var target = Path.Combine(resultsDirectory, "history");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return source;
    }

    /// <summary>Copies the history a new report wrote to the state folder.</summary>
    public static void Keep(string reportDirectory)
    {
        var written = Path.Combine(reportDirectory, "history");
        if (!Directory.Exists(written))
        {
            return;
        }

        var kept = Kept(reportDirectory);
        Directory.CreateDirectory(kept);
        foreach (var file in Directory.EnumerateFiles(written))
        {
            File.Copy(file, Path.Combine(kept, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>The state folder's copy of the history of the report at <paramref name="reportDirectory"/>.</summary>
    public static string Kept(string reportDirectory) =>
        Path.Combine(HarnessPaths.State, "report-history",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(reportDirectory))))[..16]);
}
