namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>The outcome of a policy rule over a USBGuard rule set, listing each offending rule and why.</summary>
public sealed record UsbGuardPolicyCheck(string Requirement, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;

    public override string ToString() => Passed
        ? $"USBGuard policy OK: {Requirement}."
        : $"USBGuard policy FAILED ({Requirement}):\n  " + string.Join("\n  ", Violations);
}
