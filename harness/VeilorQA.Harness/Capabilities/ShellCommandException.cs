namespace VeilorQA.Harness.Capabilities;

/// <summary>A command on the target exited non-zero; the message carries its output.</summary>
public sealed class ShellCommandException(ShellResult result)
    : Exception($"'{result.Command}' exited {result.ExitCode}: {Tail(result.StandardError)}{Tail(result.StandardOutput)}")
{
    public ShellResult Result { get; } = result;

    private static string Tail(string s) => s.Length <= 1500 ? s.Trim() : "..." + s[^1500..].Trim();
}
