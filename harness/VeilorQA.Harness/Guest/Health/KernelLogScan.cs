using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Guest.Health;

/// <summary>
/// Finds the kernel's own reports of a crash or a bug in this boot's kernel log: an oops, <c>BUG:</c>, a panic, a
/// <c>Call Trace:</c> (which every WARN, hung task and lockup report carries too) and a general protection fault.
/// </summary>
public static partial class KernelLogScan
{
    /// <summary>This boot's kernel messages, one per line, with the monotonic time the kernel logged them at.</summary>
    public const string Command = "journalctl -k -b 0 -o short-monotonic --no-pager -q";

    /// <summary>The lines that report a kernel problem, in order.</summary>
    public static IReadOnlyList<string> Problems(string kernelLog) =>
        ProbeShell.Lines(kernelLog).Where(l => Problem().IsMatch(l)).Select(l => l.Trim()).ToList();

    [GeneratedRegex(@"\bOops\b|\bBUG:|kernel BUG at|Kernel panic|\bCall Trace:|general protection fault", RegexOptions.CultureInvariant)]
    private static partial Regex Problem();
}
