namespace VeilorQA.Harness.Capabilities;

/// <summary>
/// How a target gets a release candidate staged as its next boot and how it asks to go back: bootc on
/// veilor-os (<c>bootc switch</c>/<c>bootc upgrade</c>, <c>bootc rollback</c>), ostree on the reference
/// guest (static delta + <c>ostree admin deploy --stage</c>, redeploy of the rollback). Neither call
/// reboots: the suite reboots through <see cref="Targets.ITarget.RebootAsync"/>, which unlocks LUKS.
/// </summary>
[NotInMatrix("follows from the artifact the target boots (reference guest: ostree; bootc image: bootc)")]
public interface IUpdateChannel
{
    /// <summary>What this channel stages, for the report (an image reference, or the reference guest's v2 commit).</summary>
    string Candidate { get; }

    /// <summary>Puts the candidate in place to boot next (A/B: the booted deployment stays); returns what the next boot must show.</summary>
    /// <exception cref="ShellCommandException">A command of the channel failed; the message carries its output.</exception>
    Task<StagedUpdate> StageCandidateAsync(IShell shell, CancellationToken cancellationToken = default);

    /// <summary>Makes the rollback deployment the one the next boot starts (the booted one becomes the rollback).</summary>
    /// <exception cref="ShellCommandException">The rollback command failed (e.g. there is no rollback deployment).</exception>
    Task RequestRollbackAsync(IShell shell, CancellationToken cancellationToken = default);
}
