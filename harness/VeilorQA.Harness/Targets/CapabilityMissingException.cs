namespace VeilorQA.Harness.Targets;

/// <summary>A step needs a capability the target lacks; fixtures turn it into a skip carrying <see cref="Exception.Message"/>.</summary>
public sealed class CapabilityMissingException(string capability, string reason)
    : Exception($"needs {capability}: {reason}")
{
    public string Capability { get; } = capability;
}
