using System.Text.RegularExpressions;
using VeilorQA.Harness.Guest.Luks;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// Where an installed system asks for its LUKS passphrase, decided from its serial console alone. The installer's
/// <c>console=</c> is not carried into the installed system (FACTS.md), so the prompt is on the serial console only when
/// the image's own kernel arguments put a console there; otherwise systemd-cryptsetup asks on the screen and the serial
/// console falls quiet — the boot-luks suite's keyboard route. Typing into the boot loader would stop it (a letter opens
/// its editor or command line), so a quiet console counts only once the kernel was seen starting, or, when the serial
/// console shows no kernel at all, after <see cref="SilentKernelSettle"/> of quiet.
/// </summary>
public sealed record LuksUnlockRule
{
    /// <summary>The kernel's own lines on a serial console: it runs, so the boot loader is behind.</summary>
    public static readonly Regex KernelStarted = new(@"Linux version \d|Run /init as init process|Freeing unused kernel", RegexOptions.CultureInvariant);

    /// <summary>Quiet for this long after the kernel started means the prompt waits on the screen (the suite's keyboard route uses 8 s).</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Quiet for this long when the serial console never showed the kernel (firmware lines only): the boot loader and
    /// the initramfs had time to reach the prompt. Under TCG an initramfs takes 30-60 s to ask.</summary>
    public TimeSpan SilentKernelSettle { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The next step, from the console output of this boot since the last answer and how long it has been quiet.</summary>
    public LuksUnlockStep Decide(string output, TimeSpan quietFor)
    {
        ArgumentNullException.ThrowIfNull(output);
        var marker = LuksBootMarkers.PromptOrUnlocked.Match(output);
        if (marker.Success)
        {
            return LuksBootMarkers.IsPrompt(marker) ? LuksUnlockStep.AnswerOnSerial : LuksUnlockStep.AlreadyUnlocked;
        }

        return quietFor >= SettleFor(KernelStarted.IsMatch(output)) ? LuksUnlockStep.TypeOnKeyboard : LuksUnlockStep.Wait;
    }

    /// <summary>How long the console must be quiet before the prompt counts as waiting on the screen: <see cref="Quiet"/> once
    /// the kernel was seen starting, else <see cref="SilentKernelSettle"/>.</summary>
    public TimeSpan SettleFor(bool kernelStarted) => kernelStarted ? Quiet : SilentKernelSettle;
}
