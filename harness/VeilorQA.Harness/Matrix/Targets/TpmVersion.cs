namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>VM TPM (<c>tpm:</c> none | "2.0", emulated by swtpm).</summary>
public enum TpmVersion
{
    None,
    Tpm20,
}
