namespace VeilorQA.Harness.Targets.Vm;

/// <summary>What a booting installed system needs next from the harness, as <see cref="LuksUnlockRule"/> reads its serial console.</summary>
public enum LuksUnlockStep
{
    /// <summary>Nothing yet: keep watching.</summary>
    Wait,

    /// <summary>systemd-cryptsetup asks on the serial console: answer there.</summary>
    AnswerOnSerial,

    /// <summary>The root volume opened without a prompt (a TPM, a keyfile): only SSH is left to wait for.</summary>
    AlreadyUnlocked,

    /// <summary>The console fell quiet without asking: the prompt is on the screen, type the passphrase on the keyboard.</summary>
    TypeOnKeyboard,
}
