using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Tests.Targets.Vm;

/// <summary>Where an installed system's LUKS prompt is answered, read from its serial console (lines as the reference guest and OVMF print them).</summary>
public sealed class LuksUnlockRuleTests
{
    private const string Firmware = "BdsDxe: loading Boot0001 \"Fedora\" from HD(1,GPT,3C2F…)\r\nBdsDxe: starting Boot0001 \"Fedora\" from HD(1,GPT,3C2F…)\r\n";
    private const string Kernel = "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)\r\n[    3.101234] Run /init as init process\r\n";
    private static readonly LuksUnlockRule Rule = new();

    [Test]
    public void A_prompt_on_the_serial_console_is_answered_there_at_once()
    {
        Rule.Decide(Firmware + Kernel + "Please enter passphrase for disk veilor-root (luks-3f2a):", TimeSpan.Zero).Should().Be(LuksUnlockStep.AnswerOnSerial);
    }

    [Test]
    public void A_volume_that_opened_without_asking_needs_no_answer()
    {
        Rule.Decide(Firmware + Kernel + "[  OK  ] Finished systemd-cryptsetup@luks.service - Cryptography Setup for luks-3f2a.\r\n", TimeSpan.Zero)
            .Should().Be(LuksUnlockStep.AlreadyUnlocked);
    }

    [Test]
    public void A_kernel_on_the_serial_console_that_falls_quiet_without_asking_has_its_prompt_on_the_screen()
    {
        Rule.Decide(Firmware + Kernel, TimeSpan.FromSeconds(7)).Should().Be(LuksUnlockStep.Wait);
        Rule.Decide(Firmware + Kernel, TimeSpan.FromSeconds(8)).Should().Be(LuksUnlockStep.TypeOnKeyboard);
    }

    [Test]
    public void Without_the_kernel_on_the_serial_console_the_boot_loader_gets_time_before_anything_is_typed()
    {
        Rule.Decide(Firmware, TimeSpan.FromSeconds(30)).Should().Be(LuksUnlockStep.Wait);
        Rule.Decide(Firmware, TimeSpan.FromSeconds(90)).Should().Be(LuksUnlockStep.TypeOnKeyboard);
        Rule.Decide(string.Empty, TimeSpan.FromSeconds(90)).Should().Be(LuksUnlockStep.TypeOnKeyboard);
    }
}
