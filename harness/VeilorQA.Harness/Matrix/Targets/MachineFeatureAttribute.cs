namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>
/// Marks a matrix <see cref="Capability"/> that is a fact about the machine (a TPM, Secure Boot, a wifi network), which
/// suites check through the target's shell: no live target hands out an object for it.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class MachineFeatureAttribute : Attribute;
