using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest;

/// <summary>How probes run their commands: one default timeout, a non-zero exit is an error unless the probe says otherwise.</summary>
internal static class ProbeShell
{
    /// <summary>Probe commands only read state; anything slower than this is a hung guest.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<string> OutputOfAsync(this IShell shell, string command, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(command, DefaultTimeout, cancellationToken);
        return result.EnsureSuccess().StandardOutput;
    }

    public static Task<ShellResult> ResultOfAsync(this IShell shell, string command, CancellationToken cancellationToken) =>
        shell.RunAsync(command, DefaultTimeout, cancellationToken);

    /// <summary>Quotes a value for a POSIX shell so probe arguments (unit names, cursors, serials) cannot break the command.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
}
