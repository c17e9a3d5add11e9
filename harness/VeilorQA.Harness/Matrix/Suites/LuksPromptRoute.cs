namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>Where a boot asks for the LUKS passphrase (boot-luks tests both); the prompt appears only on the last <c>console=</c>.</summary>
public enum LuksPromptRoute
{
    Serial,
    Keyboard,
}
