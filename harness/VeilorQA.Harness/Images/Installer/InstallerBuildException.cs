using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Installer;

/// <summary>vms/installer/build.sh failed or overran its time; carries its exit code and the last lines it printed.</summary>
public sealed class InstallerBuildException(string message, int? exitCode, IReadOnlyList<string> lastLines)
    : InfrastructureException(message + (lastLines.Count > 0 ? "\nlast output:\n" + string.Join('\n', lastLines) : string.Empty))
{
    /// <summary>Exit code of build.sh, or null when it was stopped at the timeout.</summary>
    public int? ExitCode { get; } = exitCode;

    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
