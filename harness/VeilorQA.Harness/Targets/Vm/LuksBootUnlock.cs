using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// Gets a booting VM's root volume open, the one way both VM targets do it: watch the serial console for the LUKS prompt or a
/// sign that the volume opened without one (<see cref="LuksConsoleWatch"/>); answer a prompt there. With a keyboard (an
/// installed image decides itself where it asks), a console that falls quiet without either (<see cref="LuksUnlockRule"/>,
/// <see cref="ISerialConsole.WaitForQuietAsync"/>) means the prompt waits on the screen: the passphrase is typed, and the SSH
/// banner confirms it (the console may stay quiet after the unlock).
/// </summary>
public sealed class LuksBootUnlock
{
    /// <summary>How often the passphrase is typed before the boot counts as stuck.</summary>
    public const int KeyboardAttempts = 3;

    private static readonly TimeSpan KeyboardConfirm = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(2);

    private readonly ISerialConsole _console;
    private readonly VirtualMachine? _keyboard;
    private readonly LuksUnlockRule _rule;

    /// <param name="console">The console the boot prints to.</param>
    /// <param name="keyboard">The VM to type on when the console falls quiet; null answers on the serial console only.</param>
    /// <param name="rule">When a quiet console counts as a prompt on the screen (default <see cref="LuksUnlockRule"/>).</param>
    public LuksBootUnlock(ISerialConsole console, VirtualMachine? keyboard, LuksUnlockRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        this._console = console;
        this._keyboard = keyboard;
        this._rule = rule ?? new LuksUnlockRule();
    }

    /// <summary>Watches the boot that just started and unlocks it; returns once the passphrase went in (or was not asked).</summary>
    /// <param name="passphrase">The volume's passphrase (typed or written masked).</param>
    /// <param name="budget">Power-on to the prompt (or the quiet that stands for one), per attempt.</param>
    /// <param name="cancellationToken">Cancels the watch.</param>
    /// <exception cref="WaitTimeoutException">Neither a prompt, an unlock sign nor a quiet console within <paramref name="budget"/>,
    /// or SSH never came after the last keyboard attempt; carries the last console lines.</exception>
    public async Task<LuksUnlockOutcome> UnlockAsync(Secret passphrase, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (_keyboard is null)
        {
            var sign = await LuksConsoleWatch.WaitForPromptOrUnlockAsync(_console, budget, "the LUKS passphrase prompt after power-on", cancellationToken);
            return await AnswerAsync(sign, passphrase, cancellationToken);
        }

        for (var typed = 1; ; typed++)
        {
            if (await WaitForSignOrQuietAsync(budget, cancellationToken) is { } sign)
            {
                return await AnswerAsync(sign with { After = clock.Elapsed }, passphrase, cancellationToken);
            }

            await _keyboard.TypeSecretAsync(passphrase, cancellationToken);
            await _keyboard.PressAsync("ret", cancellationToken);
            try
            {
                await _keyboard.WaitForSshBannerAsync(KeyboardConfirm, cancellationToken);
                return new LuksUnlockOutcome(LuksUnlockStep.TypeOnKeyboard, clock.Elapsed, "passphrase typed on the keyboard", typed);
            }
            catch (WaitTimeoutException) when (typed < KeyboardAttempts)
            {
                // The keys came before the prompt read them, or went to the boot loader: watch this boot again from here.
            }
            catch (WaitTimeoutException e)
            {
                throw new WaitTimeoutException(
                    $"SSH after typing the LUKS passphrase on the keyboard {KeyboardAttempts} times (the serial console never asked)", clock.Elapsed, e.LastSeen);
            }
        }
    }

    private async Task<LuksUnlockOutcome> AnswerAsync(LuksFirstSign sign, Secret passphrase, CancellationToken cancellationToken)
    {
        if (!sign.Prompted)
        {
            return new LuksUnlockOutcome(LuksUnlockStep.AlreadyUnlocked, sign.After, sign.Text, 0);
        }

        await _console.WriteSecretLineAsync(passphrase, cancellationToken);
        return new LuksUnlockOutcome(LuksUnlockStep.AnswerOnSerial, sign.After, sign.Text, 0);
    }

    /// <summary>The first prompt or unlock sign, or null once the console stayed quiet as long as <see cref="LuksUnlockRule"/> asks.</summary>
    private async Task<LuksFirstSign?> WaitForSignOrQuietAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var kernelStarted = false;
        var polled = await new Poll("the LUKS prompt or an unlock sign on the serial console, or the console to fall quiet (the prompt on the screen)", budget)
            .Every(Look)
            .UntilAsync<LuksFirstSign?>(async (attempt, ct) =>
            {
                try
                {
                    return PollOutcome<LuksFirstSign?>.Done(await LuksConsoleWatch.WaitForPromptOrUnlockAsync(_console, TimeSpan.Zero, "the LUKS prompt", ct));
                }
                catch (WaitTimeoutException)
                {
                    // Neither yet: is the console quiet, i.e. is the prompt on the screen?
                }

                if (!kernelStarted)
                {
                    try
                    {
                        // Consumes only up to the kernel's line: a prompt comes after it and is still there for the next look.
                        await _console.WaitForAsync(LuksUnlockRule.KernelStarted, TimeSpan.Zero, ct);
                        kernelStarted = true;
                    }
                    catch (WaitTimeoutException)
                    {
                        // Firmware or boot loader still, or a kernel that prints nothing here.
                    }
                }

                // Quiet counts from this watch on: output of the boot before does not make the new boot quiet.
                var settle = _rule.SettleFor(kernelStarted);
                if (attempt.Elapsed < settle)
                {
                    return PollOutcome<LuksFirstSign?>.NotYet($"watching for {attempt.Elapsed.TotalSeconds:0} s (kernel {(kernelStarted ? "started" : "not seen yet")})");
                }

                try
                {
                    await _console.WaitForQuietAsync(settle, TimeSpan.Zero, ct);
                    return PollOutcome<LuksFirstSign?>.Done(null);
                }
                catch (WaitTimeoutException e)
                {
                    return PollOutcome<LuksFirstSign?>.NotYet(e.LastSeen);
                }
            }, cancellationToken);
        return polled.Value;
    }
}
