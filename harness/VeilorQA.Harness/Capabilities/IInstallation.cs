using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Kickstart;

namespace VeilorQA.Harness.Capabilities;

/// <summary>
/// A target that is installed by the run itself from an installer ISO and an OCI image (<c>install_image</c>): the
/// install suite drives and judges the install through it; every other suite then runs on the installed system.
/// </summary>
public interface IInstallation
{
    /// <summary>The install's outcome once it ran (null before).</summary>
    InstallOutcome? Outcome { get; }

    /// <summary>The image reference the run pushed and the kickstart names, pinned by digest (<c>REPO@sha256:…</c>).</summary>
    string PushedImage { get; }

    /// <summary>The manifest digest the run pushed (<c>sha256:…</c>): the installed deployment's origin must name it.</summary>
    string PushedDigest { get; }

    /// <summary>The kickstart the installer was given (parsed; secrets masked in its text).</summary>
    KickstartDocument? Kickstart { get; }

    /// <summary>The install failure mode switched on for this run, when one is.</summary>
    string? Fault { get; }

    /// <summary>Runs the install once (later calls return the same outcome); a failed install is an outcome, not an exception.</summary>
    Task<InstallOutcome> InstallAsync(CancellationToken cancellationToken = default);

    /// <summary>Boots the target disk alone (no ISO) and reports whether anything installed started from it.</summary>
    Task<DiskBootObservation> BootDiskAloneAsync(TimeSpan limit, CancellationToken cancellationToken = default);
}
