namespace VeilorQA.Harness.Capabilities;

/// <summary>
/// Marks a capability interface that has no name in the matrix's <c>requires:</c> vocabulary, with the reason
/// (every target has it, or it follows from other capabilities or from the artifact).
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class NotInMatrixAttribute(string reason) : Attribute
{
    /// <summary>Why suites cannot require it by name.</summary>
    public string Reason { get; } = reason;
}
