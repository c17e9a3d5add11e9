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
/// typed on the serial console, and typed on the keyboard when the prompt is on the screen.
/// </summary>
[ReleaseSuite("boot-luks")]
[RebootsOrSuspends]
[Order(1)]
public sealed class BootLuksSuite : TargetFixture
{
    private static readonly Regex Prompt = new("Please enter passphrase for disk", RegexOptions.CultureInvariant);
    private static readonly Regex EverythingSoFar = new(@"[\s\S]*", RegexOptions.CultureInvariant);

    // The kernel runs the initramfs: from here on, keys typed cannot reach grub's menu hotkeys.
    private static readonly Regex InitramfsStarted = new(@"Run /init as init process", RegexOptions.CultureInvariant);

    // dm-crypt opened the root and the kernel mounted the file system on it.
    private static readonly Regex RootMountedOnMapper = new(@"EXT4-fs \(dm-\d+\): mounted filesystem", RegexOptions.CultureInvariant);
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
        await Report.StepAsync("the LUKS prompt appears", () => WaitForPromptAsync(console, BootTimeout, "the LUKS passphrase prompt after power-on"));
        Report.Parameter("power-on to prompt", $"{clock.Elapsed.TotalSeconds:0.0} s");

        await Report.StepAsync("a wrong passphrase is refused and the prompt repeats", async () =>
        {
            await console.WriteSecretLineAsync(new Secret("not-the-passphrase-" + Guid.NewGuid().ToString("N")[..8]));
            await WaitForPromptAsync(console, RepeatBudget, "the LUKS prompt to repeat after a wrong passphrase");
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
        var bootOutput = new System.Text.StringBuilder();

        // The prompt is on the screen only: the serial console falls quiet while systemd-cryptsetup waits.
        var unlocked = false;
        for (var attempt = 1; attempt <= 3 && !unlocked; attempt++)
        {
            await WaitForQuietAsync(console, TimeSpan.FromSeconds(8), Target.Timeouts.Boot, bootOutput);
            var shot = Path.Combine(Path.GetTempPath(), $"veilorqa-{Guid.NewGuid():N}.png");
            try
            {
                await screen.CaptureAsync(shot);
                Report.AttachFile(shot, "image/png", $"screen before typing (attempt {attempt})");
            }
            finally
            {
                File.Delete(shot);
            }

            Assert.That(bootOutput.ToString(), Does.Not.Match(Prompt.ToString()), BootLuksFailures.PromptOnSerialDespiteScreen());
            await Report.StepAsync($"type the passphrase on the keyboard (attempt {attempt})", async () =>
            {
                await keyboard.TypeSecretAsync(passphrase);
                await keyboard.PressAsync("ret");
            });
            try
            {
                await console.WaitForAsync(RootMountedOnMapper, TimeSpan.FromSeconds(60));
                unlocked = true;
            }
            catch (WaitTimeoutException)
            {
                // The keys came before the prompt read them; the prompt is still waiting.
            }
        }

        Assert.That(unlocked, Is.True, BootLuksFailures.NeverUnlockedByKeyboard(3));
        await Target.EnsureReadyAsync();
    }

    /// <summary>A prompt that never comes leaves the target's state unknown (slow runner, hung firmware): an infrastructure
    /// timeout carrying the last console lines, never a product failure.</summary>
    private static async Task WaitForPromptAsync(ISerialConsole console, TimeSpan timeout, string what)
    {
        try
        {
            await console.WaitForAsync(Prompt, timeout);
        }
        catch (WaitTimeoutException e)
        {
            throw new WaitTimeoutException(what, timeout, e.LastSeen);
        }
    }

    /// <summary>Waits until the console printed nothing for <paramref name="quiet"/>, collecting what it printed.</summary>
    private static async Task WaitForQuietAsync(ISerialConsole console, TimeSpan quiet, TimeSpan timeout, System.Text.StringBuilder seen)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                var output = await console.WaitForAsync(new Regex(@"[\s\S]+", RegexOptions.CultureInvariant), quiet);
                seen.Append(output.Value);
            }
            catch (WaitTimeoutException)
            {
                return;
            }
        }

        throw new WaitTimeoutException($"the serial console to fall quiet for {quiet.TotalSeconds:0} s", timeout, seen.Length > 2000 ? seen.ToString()[^2000..] : seen.ToString());
    }
}
