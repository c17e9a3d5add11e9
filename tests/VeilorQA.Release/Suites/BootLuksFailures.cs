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

    /// <summary>The console showed the volume open (<paramref name="sign"/>) before any prompt: something else holds a key.</summary>
    /// <param name="route">Where the prompt should have been (<c>on the serial console</c>, <c>on the screen</c>).</param>
    /// <param name="sign">The unlock line the console showed.</param>
    /// <param name="after">When it showed it, from power-on (serial) or from the initramfs's start (screen).</param>
    public static string UnlockedWithoutPrompt(string route, string sign, TimeSpan after) =>
        $"LUKS: the root volume was unlocked without asking for the passphrase {route}: the console showed '{sign}' after {after.TotalSeconds:0.0} s " +
        "and no prompt before it. A key file in the initramfs (or a TPM/FIDO2 enrolment) opens the disk by itself: disk encryption protects nothing at rest";

    public static string WrongPassphraseAccepted(string sign) =>
        $"LUKS: after a wrong passphrase the prompt did not come back and the root volume opened ('{sign}'): the volume accepts a passphrase it should refuse";
}
