namespace VeilorQA.Harness.Images;

/// <summary>A recipe's build.sh failed: what a report attaches (the full log) and what the message already shows.</summary>
public interface IRecipeBuildFailure
{
    /// <summary>Exit code of build.sh, or null when it was stopped at its time limit.</summary>
    int? ExitCode { get; }

    /// <summary>The last lines build.sh printed (redacted).</summary>
    IReadOnlyList<string> LastLines { get; }

    /// <summary>The full redacted log of the failed run, or null when build.sh never ran.</summary>
    string? LogFile { get; }
}
