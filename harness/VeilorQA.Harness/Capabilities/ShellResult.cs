namespace VeilorQA.Harness.Capabilities;

/// <summary>What a command run through <see cref="IShell"/> returned.</summary>
public sealed record ShellResult(string Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="ShellCommandException"/> unless the command exited 0; returns this result.</summary>
    public ShellResult EnsureSuccess() => Succeeded ? this : throw new ShellCommandException(this);
}
