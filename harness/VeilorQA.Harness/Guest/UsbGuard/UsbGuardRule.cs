namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>A USBGuard rule as written in rules.conf or printed by <c>usbguard list-rules</c> (with its number).</summary>
public sealed record UsbGuardRule(int? Number, UsbGuardTarget Target, IReadOnlyDictionary<string, UsbGuardAttribute> Attributes, string Text)
{
    public UsbGuardAttribute? Id => Attribute("id");

    public string? Serial => Attribute("serial")?.Single;

    public string? Name => Attribute("name")?.Single;

    public string? Hash => Attribute("hash")?.Single;

    public string? ParentHash => Attribute("parent-hash")?.Single;

    public string? ViaPort => Attribute("via-port")?.Single;

    public UsbGuardAttribute? WithInterface => Attribute("with-interface");

    public UsbGuardAttribute? Attribute(string name) => Attributes.TryGetValue(name, out var a) ? a : null;

    public static UsbGuardRule Parse(string line) => UsbGuardRuleParser.ParseLine(line, numbered: false);

    public override string ToString() => Number is null ? Text : $"{Number}: {Text}";
}
