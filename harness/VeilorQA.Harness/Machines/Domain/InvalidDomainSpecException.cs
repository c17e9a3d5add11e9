using VeilorQA.Harness.Machines;

namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A <see cref="DomainSpec"/> cannot describe a working VM; names the offending field and why.</summary>
public sealed class InvalidDomainSpecException(string field, string problem)
    : Exception($"Invalid VM spec: {field}: {problem}")
{
    /// <summary>The spec field at fault, e.g. <c>Firmware.CodePath</c> or <c>InstallerIso</c>.</summary>
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
