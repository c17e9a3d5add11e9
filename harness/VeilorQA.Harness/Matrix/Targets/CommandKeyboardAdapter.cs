namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Keystrokes through runner commands (a USB HID emulator); the text or key name is passed as the last argument.</summary>
public sealed record CommandKeyboardAdapter(string SendText, string SendKey) : KeyboardAdapter
{
    public const string TypeName = "command";

    public override string Type => TypeName;
}
