using VeilorQA.Harness.Install.Watch;

namespace VeilorQA.Harness.Install;

/// <summary>How one install ended: completed, or the failure the watcher recognised (with its explanation), and what it left.</summary>
public sealed record InstallOutcome(
    InstallInputs Inputs,
    InstallArtifacts Artifacts,
    IReadOnlyList<PhaseChange> Phases,
    InstallFailure? Failure,
    TimeSpan Elapsed,
    DateTimeOffset PoweredOnAt)
{
    /// <summary>"ISO boot 108 s, Storage 14 s, …, Done 3 s" from power-on to power-off.</summary>
    public IEnumerable<string> PhaseDurations => InstallSession.PhaseDurations(Phases, PoweredOnAt, PoweredOnAt + Elapsed);

    /// <summary>"Installation complete" was seen and no fatal error.</summary>
    public bool Succeeded => Failure is null;
}
