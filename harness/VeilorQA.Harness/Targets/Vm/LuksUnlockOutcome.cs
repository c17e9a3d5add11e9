namespace VeilorQA.Harness.Targets.Vm;

/// <summary>How a VM target's boot got its root volume open (<see cref="LuksBootUnlock"/>).</summary>
/// <param name="How">Answered on the serial console, typed on the keyboard (the prompt was on the screen), or opened without a prompt.</param>
/// <param name="After">From the start of the watch to the prompt, the unlock sign, or the typing that unlocked.</param>
/// <param name="Sign">What the console showed (the prompt, the unlock line), or what was done on the keyboard.</param>
/// <param name="KeyboardAttempts">How many times the passphrase was typed on the keyboard (0 on the serial route).</param>
public sealed record LuksUnlockOutcome(LuksUnlockStep How, TimeSpan After, string Sign, int KeyboardAttempts)
{
    /// <summary>Whether the boot asked for the passphrase at all (false: a TPM, a key file — something opened it).</summary>
    public bool Prompted => How != LuksUnlockStep.AlreadyUnlocked;

    /// <summary>The target fact <c>luks_unlock</c>: where the passphrase was asked, or that it was not.</summary>
    public string Fact => How switch
    {
        LuksUnlockStep.AnswerOnSerial => $"prompt on the serial console after {After.TotalSeconds:0} s, answered there",
        LuksUnlockStep.TypeOnKeyboard => $"prompt on the screen (serial console quiet), typed on the keyboard, attempt {KeyboardAttempts}, unlocked after {After.TotalSeconds:0} s",
        _ => $"NO PROMPT: the root volume opened without asking after {After.TotalSeconds:0} s ('{Sign}')",
    };
}
