namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>A USBGuard rule set with the checks veilor's release blocker asks for.</summary>
public sealed record UsbGuardPolicy(IReadOnlyList<UsbGuardRule> Rules)
{
    private const string AnyDevice = "*:*";

    /// <summary>No allow-all: every <c>allow</c> rule names a concrete <c>id</c> (a vendor wildcard like <c>1d6b:*</c> is still an id).</summary>
    public UsbGuardPolicyCheck EveryAllowRuleNamesAnId()
    {
        var violations = new List<string>();
        foreach (var rule in Rules.Where(r => r.Target == UsbGuardTarget.Allow))
        {
            var label = rule.Number is { } n ? $"rule {n} '{rule.Text}'" : $"rule '{rule.Text}'";
            if (rule.Id is not { } id)
            {
                violations.Add(rule.Attributes.Count == 0
                    ? $"{label} allows every device"
                    : $"{label} names no id, so any device matching the rest is allowed");
            }
            else if (id.Values.Contains(AnyDevice) || id.Values.Count == 0)
            {
                violations.Add($"{label} allows any vendor and product ({id})");
            }
        }

        if (!Rules.Any(r => r.Target == UsbGuardTarget.Allow))
        {
            // Not a violation of this requirement, but the suite's messages should not suggest otherwise.
            return new UsbGuardPolicyCheck("every allow rule names an id (the policy has no allow rules)", violations);
        }

        return new UsbGuardPolicyCheck("every allow rule names an id", violations);
    }
}
