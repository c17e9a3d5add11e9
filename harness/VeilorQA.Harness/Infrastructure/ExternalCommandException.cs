namespace VeilorQA.Harness.Infrastructure;

/// <summary>An external program failed; carries the command line, exit code and its error output.</summary>
public sealed class ExternalCommandException(string command, int exitCode, string standardError)
    : InfrastructureException($"'{command}' exited with code {exitCode}: {Tail(standardError)}")
{
    public string Command { get; } = command;

    public int ExitCode { get; } = exitCode;

    public string StandardError { get; } = standardError;

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 2000 ? trimmed : "..." + trimmed[^2000..];
    }
}
