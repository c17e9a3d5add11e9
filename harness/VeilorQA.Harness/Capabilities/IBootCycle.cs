using VeilorQA.Harness.Matrix.Suites;

namespace VeilorQA.Harness.Capabilities;

/// <summary>Watching a boot from power-on: the target is shut down cleanly and powered on again, the LUKS prompt routed as asked.</summary>
/// <remarks>After <see cref="PowerCycleAsync"/> the caller answers the prompt (console or keyboard) and then calls
/// <see cref="Targets.ITarget.EnsureReadyAsync"/>, which waits for the shell without typing anything itself.</remarks>
[NotInMatrix("follows from power plus a console or keyboard to answer the LUKS prompt")]
public interface IBootCycle
{
    /// <summary>Where the LUKS prompt of the current boot is asked.</summary>
    LuksPromptRoute CurrentRoute { get; }

    /// <summary>Shuts the OS down, powers on with the prompt on <paramref name="route"/>; returns once power is on, before any unlock.</summary>
    Task PowerCycleAsync(LuksPromptRoute route, CancellationToken cancellationToken = default);
}
