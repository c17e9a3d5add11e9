using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.KernelCmdline;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Guest.SecureBoot;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Security;

namespace VeilorQA.Release.Suites;

/// <summary>
/// Boot and LUKS: the firmware → shim → grub → kernel chain ran with Secure Boot enforcing, the LUKS2
/// prompt appears, a wrong passphrase is refused and the prompt repeats, and the right one unlocks —
/// typed on the serial console, and typed on the keyboard when the prompt is on the screen. A root volume
/// that opens without the prompt (a key in the initramfs) is a product failure; a console that shows
/// neither a prompt nor an unlock is an infrastructure timeout.
/// </summary>
[ReleaseSuite("boot-luks")]
[RebootsOrSuspends]
[Order(1)]
public sealed class BootLuksSuite : TargetFixture
{
    // The kernel runs the initramfs: from here on, keys typed cannot reach grub's menu hotkeys.
    private static readonly Regex InitramfsStarted = new(@"Run /init as init process", RegexOptions.CultureInvariant);
    private static readonly TimeSpan RepeatBudget = TimeSpan.FromSeconds(90);

    protected override bool ReadiesTargetItself => true;

    /// <summary>Power-on to the LUKS prompt: the suite's <c>boot_timeout_s</c>, else the target's boot timeout.</summary>
    private TimeSpan BootTimeout => Settings.BootTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Target.Timeouts.Boot;

    private Secret Passphrase =>
        Target.LuksPassphrase ?? throw new InconclusiveException($"the LUKS passphrase of target {Case.Target.Name} is not configured (luks_passphrase_env/file)");

    [Test, Order(1)]
    public async Task On_the_serial_console_a_wrong_passphrase_is_refused_the_prompt_repeats_and_the_right_one_unlocks()
    {
        var cycle = Require<IBootCycle>();
        var console = Require<ISerialConsole>();
        var passphrase = Passphrase;
        var clock = Stopwatch.StartNew();

        await Report.StepAsync("power on with the prompt on the serial console", () => cycle.PowerCycleAsync(LuksPromptRoute.Serial));
        var first = await Report.StepAsync("the LUKS prompt appears",
            () => LuksConsoleWatch.WaitForPromptOrUnlockAsync(console, BootTimeout, "the LUKS passphrase prompt after power-on"));
        Report.Parameter("power-on to prompt", $"{clock.Elapsed.TotalSeconds:0.0} s");
        if (!first.Prompted)
        {
            Assert.Fail(BootLuksFailures.UnlockedWithoutPrompt("on the serial console", first.Text, clock.Elapsed));
        }

        await Report.StepAsync("a wrong passphrase is refused and the prompt repeats", async () =>
        {
            await console.WriteSecretLineAsync(new Secret("not-the-passphrase-" + Guid.NewGuid().ToString("N")[..8]));
            var again = await LuksConsoleWatch.WaitForPromptOrUnlockAsync(console, RepeatBudget, "the LUKS prompt to repeat after a wrong passphrase");
            Assert.That(again.Prompted, Is.True, () => BootLuksFailures.WrongPassphraseAccepted(again.Text));
        });

        await Report.StepAsync("the right passphrase unlocks and the system comes up", async () =>
        {
            await console.WriteSecretLineAsync(passphrase);
            await Target.EnsureReadyAsync();
        });
        Report.Parameter("power-on to shell", $"{clock.Elapsed.TotalSeconds:0.0} s");
        AssertNotEchoed(console, passphrase, "on the serial console");
    }

    [Test, Order(2)]
    public async Task Secure_Boot_is_enforcing_and_the_kernel_came_through_shim_and_grub()
    {
        await Target.EnsureReadyAsync();
        var state = await new SecureBootProbe(Shell).ReadAsync();
        Report.Attach("Secure Boot state", state.ToString());
        Assert.That(state.IsEfi && state.Enabled == true, Is.True, $"boot chain: Secure Boot is not enforcing ({state})");

        // shim leaves its runtime variables behind; grub sets BOOT_IMAGE; direct kernel boot does neither.
        var shim = await RunAsync("ls /sys/firmware/efi/efivars/ | grep -E '^(MokListRT|SbatLevelRT|MokListTrustedRT)-' || true");
        Assert.That(Lines(shim.StandardOutput), Is.Not.Empty,
            "boot chain: no shim runtime variable (MokListRT/SbatLevelRT) exists: the kernel was not loaded through shim");
        var cmdline = await new KernelCmdlineProbe(Shell).ReadAsync();
        Assert.That(cmdline.Arguments.Any(a => a.Name == "BOOT_IMAGE"), Is.True,
            $"boot chain: no BOOT_IMAGE= on the kernel command line: the kernel was not started by grub ({cmdline.Raw})");
        var lockdown = (await RunAsync("cat /sys/kernel/security/lockdown 2>/dev/null || true")).StandardOutput.Trim();
        Report.Parameter("kernel lockdown", lockdown);
        Assert.That(lockdown, Does.Contain("[integrity]").Or.Contain("[confidentiality]"),
            $"boot chain: the kernel is not locked down as it is under Secure Boot ({lockdown})");
    }

    [Test, Order(3)]
    public async Task The_root_file_system_lives_on_an_unlocked_LUKS2_volume()
    {
        await Target.EnsureReadyAsync();
        var tree = (await MustAsync("lsblk -s -n -o NAME,TYPE \"$(findmnt -n -o SOURCE /sysroot 2>/dev/null || findmnt -n -o SOURCE /)\"")).StandardOutput;
        Report.Attach("lsblk -s of the root", tree);
        Assert.That(Lines(tree).Any(l => l.Trim().EndsWith(" crypt", StringComparison.Ordinal)), Is.True,
            $"LUKS: the root file system is not on a dm-crypt volume:\n{tree}");
        var probe = new LuksProbe(Shell);
        var devices = await probe.ListDevicesAsync();
        Assert.That(devices, Is.Not.Empty, "LUKS: no LUKS device found (blkid)");
        var dump = (await MustAsync(LuksProbe.DumpText(devices[0]))).StandardOutput;
        Assert.That(dump, Does.Match(@"Version:\s+2"), $"LUKS: {devices[0]} is not LUKS2");
    }

    [Test, Order(4)]
    public async Task With_the_prompt_on_the_screen_the_passphrase_typed_on_the_keyboard_unlocks()
    {
        var cycle = Require<IBootCycle>();
        var keyboard = Require<IKeyboard>();
        var screen = Require<IScreen>();
        var console = Require<ISerialConsole>();
        var passphrase = Passphrase;
        var clock = Stopwatch.StartNew();

        await Report.StepAsync("power on with the prompt on the screen only (ttyS0 is no console)", () => cycle.PowerCycleAsync(LuksPromptRoute.Keyboard));
        try
        {
            await UnlockOnTheKeyboardAsync(keyboard, screen, console, passphrase);
        }
        catch
        {
            // Leave the target as the next suite expects it: booted and unlocked (over serial).
            await Target.RebootAsync();
            throw;
        }

        Report.Parameter("power-on to shell (keyboard)", $"{clock.Elapsed.TotalSeconds:0.0} s");
        AssertNotEchoed(console, passphrase, "on the keyboard");
    }

    /// <summary>Searches the raw bytes the console received (the transcript is masked, so it cannot show a leak) and names only the offset.</summary>
    private static void AssertNotEchoed(ISerialConsole console, Secret passphrase, string route)
    {
        if (console.FindEcho(passphrase) is { } offset)
        {
            Assert.Fail(BootLuksFailures.PassphraseEchoed(offset, route));
        }
    }

    private async Task UnlockOnTheKeyboardAsync(IKeyboard keyboard, IScreen screen, ISerialConsole console, Secret passphrase)
    {
        await console.WaitForAsync(InitramfsStarted, BootTimeout);
        var clock = Stopwatch.StartNew();
        var bootOutput = new System.Text.StringBuilder();

        // The prompt is on the screen only: the serial console (kernel messages only) falls quiet while systemd-cryptsetup waits.
        var unlocked = false;
        for (var attempt = 1; attempt <= 3 && !unlocked; attempt++)
        {
            bootOutput.Append(await LuksConsoleWatch.WaitForQuietAsync(console, TimeSpan.FromSeconds(8), Target.Timeouts.Boot));
            await AttachScreenAsync(screen, $"screen before typing (attempt {attempt})");
            if (attempt == 1 && LuksConsoleWatch.UnlockSignIn(bootOutput.ToString()) is { } sign)
            {
                Assert.Fail(BootLuksFailures.UnlockedWithoutPrompt("on the screen", sign, clock.Elapsed));
            }

            Assert.That(LuksBootMarkers.Prompt.IsMatch(bootOutput.ToString()), Is.False, BootLuksFailures.PromptOnSerialDespiteScreen());
            await Report.StepAsync($"type the passphrase on the keyboard (attempt {attempt})", async () =>
            {
                await keyboard.TypeSecretAsync(passphrase);
                await keyboard.PressAsync("ret");
            });
            try
            {
                await console.WaitForAsync(LuksBootMarkers.Unlocked, TimeSpan.FromSeconds(60));
                unlocked = true;
            }
            catch (WaitTimeoutException)
            {
                // The keys came before the prompt read them; the prompt is still waiting.
            }
        }

        Assert.That(unlocked, Is.True, BootLuksFailures.NeverUnlockedByKeyboard(3));
        await Target.EnsureReadyAsync();

        // A root that opened by itself while the console was quiet looks like one the keys opened; the journal tells them apart.
        var agents = PasswordAgentRuns.Started((await RunAsync(PasswordAgentRuns.Command)).StandardOutput);
        Report.Attach("password agents of this boot", string.Join("\n", agents));
        Assert.That(agents, Is.Not.Empty, () => BootLuksFailures.UnlockedWithoutPrompt("on the screen", "no password agent in this boot's journal", clock.Elapsed));
    }

    private static async Task AttachScreenAsync(IScreen screen, string name)
    {
        var shot = Path.Combine(Path.GetTempPath(), $"veilorqa-{Guid.NewGuid():N}.png");
        try
        {
            await screen.CaptureAsync(shot);
            Report.AttachFile(shot, "image/png", name);
        }
        finally
        {
            File.Delete(shot);
        }
    }
}
