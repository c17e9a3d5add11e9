namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>Where the LUKS passphrase is typed (<c>luks_prompt:</c> serial | keyboard); the prompt appears only on the last <c>console=</c>.</summary>
public enum LuksPromptRoute
{
    Serial,
    Keyboard,
}
