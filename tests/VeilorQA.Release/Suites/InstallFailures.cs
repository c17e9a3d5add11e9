using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Release.Suites;

/// <summary>The install suite's failure texts (the install faults' <c>expect:</c> are held against them).</summary>
public static class InstallFailures
{
    /// <summary>
    /// The install failed: its kind and the watcher's one-line explanation, then what the failed install's disk did when
    /// booted alone ("started nothing" is what every install fault proof requires), then the evidence lines.
    /// </summary>
    public static string Failed(InstallFailure failure, DiskBootObservation disk) =>
        $"the install failed ({failure.Kind}): {failure.Explanation}"
        + (disk.SystemStartedFromDisk
            ? $"; AND its disk, booted alone, still started an installed system: '{disk.SystemLine}'"
            : $"; the disk, booted alone, started nothing installed ({disk})")
        + (failure.Evidence.Count == 0 ? string.Empty : "\n" + string.Join("\n", failure.Evidence.Take(12).Select(e => "  " + e)));
}
