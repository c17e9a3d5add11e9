using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Tests.Targets.Laptop;

/// <summary>What an <see cref="SshTarget"/> offers, decided from its matrix entry alone (nothing connects).</summary>
public class SshTargetCapabilityTests
{
    private const string Fingerprint = "SHA256:1evdzmX3BXKambLyuvIpxoicyvakZHnS/L1Qdz3rwtc";

    private static readonly SshTargetOptions Options = new() { RebootCommand = "false", PowerOffCommand = "false" };

    [Test]
    public async Task A_bare_laptop_has_a_shell_and_says_why_it_lacks_everything_else()
    {
        await using var target = new SshTarget(Laptop());

        target.Get<IShell>().Should().NotBeNull();
        target.Get<ISerialConsole>().Should().BeNull();
        target.Get<IKeyboard>().Should().BeNull();
        target.Get<IPower>().Should().BeNull();
        target.Get<ISleep>().Should().BeNull();
        target.Get<IUsbPort>().Should().BeNull();
        target.Get<ILogShare>().Should().BeNull();
        target.Get<IScreen>().Should().BeNull();
        target.Get<IBootCycle>().Should().BeNull();
        target.WhyMissing<ISerialConsole>().Should().Contain("x1").And.Contain("no console adapter");
        target.WhyMissing<IPower>().Should().Contain("no power adapter");
        target.WhyMissing<ISleep>().Should().Contain("suspend: none");
        target.WhyMissing<IUsbPort>().Should().Contain("usb_hotplug: none");
        target.WhyMissing<ILogShare>().Should().Contain("over SSH");
        target.WhyMissing<IBootCycle>().Should().Contain("power: none, console: none, keyboard: none");
    }

    [Test]
    public async Task The_lab_laptop_running_the_bootc_image_offers_the_bootc_update_channel_so_bootc_upgrade_runs_there()
    {
        var matrix = TestMatrixLoader.Load(Tests.Matrix.MatrixSamples.RealMatrix);
        var run = VeilorQA.Harness.Matrix.Runs.RunResolver.Resolve(matrix, Tests.Matrix.MatrixSamples.RealMatrix, VeilorQA.Harness.Matrix.Runs.MatrixSelection.Default with { Runs = ["release-lab-x1"] }).Single();

        await using var target = await TargetFactory.CreateAsync(run, _ => { }, CancellationToken.None);

        run.Artifact.Should().BeOfType<VeilorQA.Harness.Matrix.Artifacts.OciImageArtifact>();
        target.Get<IUpdateChannel>().Should().BeOfType<VeilorQA.Harness.Targets.Bootc.BootcUpdateChannel>();
        run.Run.Waivers.Should().NotContain(w => w.Suite == "bootc-upgrade");
    }

    [Test]
    public async Task Manual_usb_hotplug_is_still_no_usb_port()
    {
        await using var target = new SshTarget(Laptop(capabilities: LaptopCapabilities.None with { UsbHotplug = UsbHotplugMode.Manual }));

        target.Get<IUsbPort>().Should().BeNull();
        target.WhyMissing<IUsbPort>().Should().Contain("usb_hotplug: manual").And.Contain("a person");
    }

    [Test]
    public async Task Rtcwake_suspend_is_a_sleep_that_wakes_by_its_rtc_alarm()
    {
        await using var target = new SshTarget(Laptop(capabilities: LaptopCapabilities.None with { Suspend = SuspendMethod.Rtcwake }));

        var sleep = target.Get<ISleep>().Should().BeOfType<RtcAlarmSleep>().Subject;
        sleep.DescribeWake(TimeSpan.FromSeconds(20)).Should().Be("RTC alarm (rtcwake -m no -s 110)");
        sleep.ArmAlarm(TimeSpan.FromSeconds(20)).Should().Be("rtcwake -m no -s 110");
    }

    [Test]
    public async Task A_non_root_user_arms_the_alarm_through_sudo()
    {
        await using var target = new SshTarget(Laptop(capabilities: LaptopCapabilities.None with { Suspend = SuspendMethod.Rtcwake }) with { User = "qa" });

        ((RtcAlarmSleep)target.Get<ISleep>()!).ArmAlarm(TimeSpan.FromMilliseconds(1500)).Should().Be("sudo -n rtcwake -m no -s 92");
    }

    [Test]
    public async Task Power_and_a_console_make_a_boot_cycle_and_power_alone_does_not()
    {
        var power = new CommandPowerAdapter("true", "true", null);
        await using var powerOnly = new SshTarget(Laptop(adapters: new LaptopAdapters(power, null, null)), Options);
        await using var withConsole = new SshTarget(Laptop(adapters: new LaptopAdapters(power, null, new TcpConsoleAdapter("127.0.0.1", 7001))), Options);
        await using var withKeyboard = new SshTarget(Laptop(adapters: new LaptopAdapters(power, new CommandKeyboardAdapter("true", "true"), null)), Options);

        powerOnly.Get<IPower>().Should().BeOfType<LaptopPower>().Which.Adapter.Should().BeOfType<CommandPower>();
        powerOnly.Get<IBootCycle>().Should().BeNull();
        powerOnly.WhyMissing<IBootCycle>().Should().Contain("power: command, console: none, keyboard: none");
        withConsole.Get<IBootCycle>()!.CurrentRoute.Should().Be(LuksPromptRoute.Serial);
        withKeyboard.Get<IBootCycle>()!.CurrentRoute.Should().Be(LuksPromptRoute.Keyboard);
        withKeyboard.Get<IKeyboard>().Should().BeOfType<CommandKeyboard>();
    }

    [Test]
    public async Task A_boot_cycle_refuses_a_route_the_laptop_has_no_adapter_for()
    {
        var adapters = new LaptopAdapters(new CommandPowerAdapter("true", "true", null), new CommandKeyboardAdapter("true", "true"), null);
        await using var target = new SshTarget(Laptop(adapters: adapters), Options);

        var act = () => target.Get<IBootCycle>()!.PowerCycleAsync(LuksPromptRoute.Serial);

        (await act.Should().ThrowAsync<CapabilityMissingException>()).Which.Message.Should().Contain("no console adapter");
    }

    [Test]
    public async Task A_pikvm_keyboard_is_named_as_not_driven_yet()
    {
        var adapters = new LaptopAdapters(null, new PikvmKeyboardAdapter(new Uri("https://pikvm.lab"), "admin", SecretReference.Environment("X")), null);
        await using var target = new SshTarget(Laptop(adapters: adapters));

        target.Get<IKeyboard>().Should().BeNull();
        target.WhyMissing<IKeyboard>().Should().Contain("'pikvm'");
    }

    [Test]
    public async Task A_missing_passphrase_variable_fails_only_the_step_that_reads_it()
    {
        var variable = "VEILORQA_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8];
        var ipmi = new IpmiPowerAdapter("bmc.lab", 623, "admin", SecretReference.Environment(variable + "_IPMI"), IpmiInterface.Lanplus);

        await using var target = new SshTarget(Laptop(adapters: new LaptopAdapters(ipmi, null, null)) with { LuksPassphrase = SecretReference.Environment(variable) });

        target.Get<IShell>().Should().NotBeNull();
        var read = () => target.LuksPassphrase;
        read.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("x1").And.Contain(variable);
        var power = target.Get<IPower>()!;
        var on = () => power.PowerOnAsync();
        (await on.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(variable + "_IPMI");
    }

    [Test]
    public async Task A_laptop_without_a_passphrase_has_none()
    {
        await using var target = new SshTarget(Laptop());

        target.LuksPassphrase.Should().BeNull();
    }

    [Test]
    public async Task The_passphrase_is_read_from_its_file_on_first_use()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "correct horse\n");
            await using var target = new SshTarget(Laptop() with { LuksPassphrase = SecretReference.File(file) });

            target.LuksPassphrase!.Reveal().Should().Be("correct horse");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Timeouts_and_wifi_come_from_the_matrix()
    {
        var timeouts = new LaptopTimeouts(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(180));
        await using var target = new SshTarget(Laptop(capabilities: LaptopCapabilities.None with { Wifi = new WifiNetwork("veilor-lab-5g") }) with { Timeouts = timeouts });

        target.Timeouts.Should().Be(new TargetTimeouts(timeouts.Connect, timeouts.Command, timeouts.Boot, timeouts.Resume));
        target.Wifi.Should().Be(new WifiNetwork("veilor-lab-5g"));
        target.Definition.Name.Should().Be("x1");
    }

    [Test]
    public async Task Agent_authentication_without_an_exported_key_file_says_what_to_do()
    {
        var saved = Environment.GetEnvironmentVariable("VEILORQA_SSH_KEY");
        Environment.SetEnvironmentVariable("VEILORQA_SSH_KEY", null);
        try
        {
            await using var target = new SshTarget(Laptop() with { KeyFile = null, UseAgent = true });

            var act = () => target.EnsureReadyAsync();

            (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("x1").And.Contain("agent").And.Contain("VEILORQA_SSH_KEY");
        }
        finally
        {
            Environment.SetEnvironmentVariable("VEILORQA_SSH_KEY", saved);
        }
    }

    [Test]
    public async Task A_missing_fingerprint_file_names_the_target_and_the_file()
    {
        await using var target = new SshTarget(Laptop() with { HostKeyFingerprint = null, HostKeyFingerprintFile = "/nonexistent/veilorqa/host.fingerprint" });

        var act = () => target.EnsureReadyAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("x1").And.Contain("/nonexistent/veilorqa/host.fingerprint");
    }

    [TestCase("SHA256:1evdzmX3BXKambLyuvIpxoicyvakZHnS/L1Qdz3rwtc\n")]
    [TestCase("256 SHA256:1evdzmX3BXKambLyuvIpxoicyvakZHnS/L1Qdz3rwtc root@guest (ED25519)\n")]
    public void A_fingerprint_text_is_read_as_ssh_keygen_prints_it(string text) =>
        LaptopShellOptions.ParseFingerprintText(text).Value.Should().Be(Fingerprint);

    [Test]
    public void An_empty_fingerprint_file_says_what_it_should_hold()
    {
        var act = () => LaptopShellOptions.ParseFingerprintText("\n# nothing\n");

        act.Should().Throw<FormatException>().Which.Message.Should().Contain("ssh-keygen -lf");
    }

    [Test]
    public async Task The_keyboard_command_reads_the_text_on_stdin_and_gets_the_key_as_one_argument_whatever_they_hold()
    {
        var file = Path.GetTempFileName();
        try
        {
            var keyboard = new CommandKeyboard(new CommandKeyboardAdapter($"cat >> {file}; printf '|' >> {file}", $"printf 'key:%s|' >> {file}"));

            await keyboard.TypeAsync("it's a \"pass phrase\"; $(rm -rf /)");
            await keyboard.PressAsync("ret");

            (await File.ReadAllTextAsync(file)).Should().Be("it's a \"pass phrase\"; $(rm -rf /)|key:ret|");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static LaptopEntry Laptop(LaptopCapabilities? capabilities = null, LaptopAdapters? adapters = null) =>
        new("x1", null, "127.0.0.1", 22, "root", "/nonexistent/veilorqa/key", false, Fingerprint, null, null,
            capabilities ?? LaptopCapabilities.None, LaptopTimeouts.Default, adapters ?? LaptopAdapters.None);
}
