namespace VeilorQA.Release.Suites;

/// <summary>Failure texts of the boot-luks suite that must never carry a secret.</summary>
public static class BootLuksFailures
{
    /// <summary>The passphrase came back from the guest as clear text: where in the raw console stream, never what.</summary>
    public static string PassphraseEchoed(long offset, string route) =>
        $"LUKS: the passphrase typed {route} was echoed in clear text on the serial console (passphrase echoed at offset {offset} of the raw console output)";

    public static string PromptOnSerialDespiteScreen() =>
        "LUKS: the prompt appeared on the serial console although the screen is the last console=";

    public static string NeverUnlockedByKeyboard(int attempts) =>
        $"LUKS: after the passphrase was typed on the keyboard {attempts} times, the root volume was never opened";
}
