using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Install.Repro;

/// <summary>What a repro bundle recorded: the inputs to run the same install again, and how the recorded install ended.</summary>
/// <param name="Directory">The bundle folder.</param>
/// <param name="Created">When the bundle was written.</param>
/// <param name="Repository">The VeilorQA checkout the install ran from, when it was known.</param>
/// <param name="Inputs">Everything that decides the install (no secret: the passphrase is named by its source).</param>
/// <param name="FailureKind">The recorded failure; null when the install completed.</param>
/// <param name="Explanation">The failure's one line, or null when the install completed.</param>
/// <param name="Evidence">The log lines the failure was recognised from (masked).</param>
/// <param name="Elapsed">How long the recorded install ran.</param>
/// <param name="Files">The files inside the bundle.</param>
public sealed record ReproBundleContents(
    string Directory,
    DateTimeOffset Created,
    string? Repository,
    InstallInputs Inputs,
    InstallFailureKind? FailureKind,
    string? Explanation,
    IReadOnlyList<string> Evidence,
    TimeSpan Elapsed,
    ReproBundleFiles Files)
{
    /// <summary>The recorded install completed.</summary>
    public bool Succeeded => FailureKind is null;
}
