namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>Keystrokes through a PiKVM's HTTP API.</summary>
public sealed record PikvmKeyboardAdapter(Uri Url, string User, SecretReference Password) : KeyboardAdapter
{
    public const string TypeName = "pikvm";

    public override string Type => TypeName;
}
