using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Installer;

/// <summary>vms/installer/build.sh failed or overran its time; carries its exit code, the last lines it printed and its full log file.</summary>
public sealed class InstallerBuildException(string message, int? exitCode, IReadOnlyList<string> lastLines, string? logFile = null)
    : InfrastructureException(message
        + (logFile is null ? string.Empty : $"; full log {logFile}")
        + (lastLines.Count > 0 ? "\nlast output:\n" + string.Join('\n', lastLines) : string.Empty)), IRecipeBuildFailure
{
    /// <summary>Exit code of build.sh, or null when it was stopped at the timeout.</summary>
    public int? ExitCode { get; } = exitCode;

    public IReadOnlyList<string> LastLines { get; } = lastLines;

    /// <summary>The full redacted log of the run (<see cref="RecipeBuildLog"/>), or null when build.sh never ran.</summary>
    public string? LogFile { get; } = logFile;
}
