namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>
/// Names the capability interface a live target offers (in its <see cref="VeilorQA.Harness.Targets.CapabilityTable"/>) for a matrix
/// <see cref="Capability"/>, so the matrix's vocabulary and the harness's interfaces are one set a test keeps in step.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class CapabilityInterfaceAttribute(Type capabilityInterface) : Attribute
{
    /// <summary>The interface in <c>VeilorQA.Harness.Capabilities</c>.</summary>
    public Type CapabilityInterface { get; } = capabilityInterface;
}
