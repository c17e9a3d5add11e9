using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Install.Iso;

/// <summary>
/// An installer ISO's sha256 is not the one it was given with: the wrong file, a truncated download or a changed
/// upload. Raised before any VM starts; carries where the ISO came from and both digests.
/// </summary>
public sealed class IsoChecksumException(string location, string expected, string actual)
    : InfrastructureException($"installer ISO {location}: sha256 is {actual}, expected {expected} (wrong file, truncated download or a changed upload; nothing was booted)")
{
    /// <summary>The ISO's path on this machine, or the URL it was downloaded from.</summary>
    public string Location { get; } = location;

    /// <summary>The sha256 it was given with (lower-case hex).</summary>
    public string Expected { get; } = expected;

    /// <summary>The sha256 of the bytes found (lower-case hex).</summary>
    public string Actual { get; } = actual;
}
