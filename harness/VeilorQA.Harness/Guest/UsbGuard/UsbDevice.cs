namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>A device as <c>usbguard list-devices</c> shows it: its number, current target and identifying attributes.</summary>
public sealed record UsbDevice(
    int Number,
    UsbGuardTarget Target,
    string Id,
    string? Serial,
    string? Name,
    string? Hash,
    string? ParentHash,
    string? ViaPort,
    IReadOnlyList<string> Interfaces,
    string Text)
{
    public bool IsAllowed => Target == UsbGuardTarget.Allow;

    public static UsbDevice FromRule(UsbGuardRule rule)
    {
        if (rule.Number is not { } number || rule.Id?.Single is not { } id)
        {
            throw new GuestOutputException("usbguard list-devices", "a device line needs a number and an id", rule.Text);
        }

        return new UsbDevice(number, rule.Target, id, rule.Serial, rule.Name, rule.Hash, rule.ParentHash, rule.ViaPort, rule.WithInterface?.Values ?? [], rule.Text);
    }

    public override string ToString() => $"{Number}: {Text}";
}
