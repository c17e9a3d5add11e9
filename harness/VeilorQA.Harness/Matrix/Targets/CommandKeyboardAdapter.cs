namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Keystrokes through runner commands (a USB HID emulator): <c>send_text</c> types what it reads on standard input, <c>send_key</c> the key named by its last argument.</summary>
public sealed record CommandKeyboardAdapter(string SendText, string SendKey) : KeyboardAdapter
{
    public const string TypeName = "command";

    public override string Type => TypeName;
}
