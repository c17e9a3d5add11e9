namespace VeilorQA.Harness.Install;

/// <summary>
/// The install of a target failed, so the system the other suites need does not exist. Not an infrastructure problem: the
/// installer (the product under test) stopped with <see cref="Outcome"/>'s failure, which the install suite reports.
/// </summary>
public sealed class InstallFailedException : Exception
{
    public InstallFailedException(string target, InstallOutcome outcome)
        : base($"target '{target}' has no installed system: its install failed after {outcome.Elapsed.TotalSeconds:0} s: {outcome.Failure}")
    {
        Outcome = outcome;
    }

    /// <summary>How the install ended.</summary>
    public InstallOutcome Outcome { get; }
}
