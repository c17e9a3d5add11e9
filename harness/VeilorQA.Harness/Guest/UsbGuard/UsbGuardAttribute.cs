namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>One rule attribute's value: a single value, or a set with its operator (<c>one-of { a b }</c>).</summary>
public sealed record UsbGuardAttribute(string? Operator, IReadOnlyList<string> Values)
{
    public string? Single => Values.Count > 0 ? Values[0] : null;

    public override string ToString() => Operator is null && Values.Count == 1 ? Values[0] : $"{Operator} {{ {string.Join(' ', Values)} }}".TrimStart();
}
