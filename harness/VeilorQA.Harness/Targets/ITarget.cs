using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets;

/// <summary>
/// A machine under test — a VM the harness boots or a laptop it reaches over SSH — seen by the suites
/// only through its shell and the capabilities it has. A suite never asks which kind it is.
/// </summary>
public interface ITarget : IAsyncDisposable
{
    /// <summary>The matrix entry this target was made from (name, declared capabilities).</summary>
    TargetEntry Definition { get; }

    /// <summary>How long this target's boots, commands and resumes may take.</summary>
    TargetTimeouts Timeouts { get; }

    /// <summary>The wifi network the target's station joins, when it has one.</summary>
    WifiNetwork? Wifi { get; }

    /// <summary>The LUKS passphrase of the target's disk, when the harness knows it (never logged).</summary>
    Secret? LuksPassphrase { get; }

    /// <summary>The target's shell; valid after <see cref="EnsureReadyAsync"/>.</summary>
    IShell Shell { get; }

    /// <summary>What the target offers and lacks, written once when it was made; <see cref="Get{T}"/> and <see cref="WhyMissing{T}"/> read it.</summary>
    CapabilityTable Capabilities { get; }

    /// <summary>A capability (<see cref="ISerialConsole"/>, <see cref="IKeyboard"/>, <see cref="IScreen"/>, <see cref="IPower"/>,
    /// <see cref="ISleep"/>, <see cref="IUsbPort"/>, <see cref="ILogShare"/>, <see cref="IBootCycle"/>) or null when the target lacks it.</summary>
    T? Get<T>() where T : class;

    /// <summary>Why <typeparamref name="T"/> is missing, for the skip reason (e.g. "laptop x1 has no console adapter").</summary>
    string WhyMissing<T>() where T : class;

    /// <summary>Boots (VM: power on, unlock LUKS) or connects (laptop) once; later calls return at once while the shell answers.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>A clean reboot through the OS, unlocking LUKS where a console or keyboard can; returns with the shell connected again.</summary>
    /// <exception cref="CapabilityMissingException">The target cannot unlock its disk without a person.</exception>
    Task RebootAsync(CancellationToken cancellationToken = default);

    /// <summary>What the report's environment block says about this target: the artifact under test (recipe hash, image
    /// digest), the accelerator, the address. Names are snake_case; values are never secrets.</summary>
    IReadOnlyDictionary<string, string> Facts => new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Writes what explains a verdict into <paramref name="folder"/> — screenshot, console transcript, journal of
    /// this boot, machine definition — each only where the target has it. Never throws: what cannot be had is listed as a note.</summary>
    Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(string folder, CancellationToken cancellationToken = default);
}
