using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Guest.SecureBoot;
using VeilorQA.Harness.Guest.Tpm;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Security;

namespace VeilorQA.Release.Suites;

/// <summary>
/// TPM 2.0: the device is there, PCR 7 carries the Secure Boot state, and the event log replays to the TPM's PCRs. Then
/// TPM-bound LUKS unlock: the root volume enrolled with the matrix's PCR policy (<c>tpm_pcrs</c>, which must include 7)
/// opens at boot without a prompt; with Secure Boot off the prompt is back and the passphrase still opens it; the
/// enrolment is removed at the end, leaving the volume's keyslots as they were.
/// </summary>
[ReleaseSuite("tpm")]
[RebootsOrSuspends]
[Order(4)]
public sealed class TpmSuite : TargetFixture
{
    private const string Bank = "sha256";

    /// <summary>veilor's policy when the matrix names none: the Secure Boot state (7) and shim's MOK state (14).</summary>
    private const string DefaultPcrs = "7+14";

    // Filled in order: the enrolment the later tests boot with, and what the volume had before it.
    private string? _device;
    private LuksHeader? _before;
    private bool _enrolled;
    private bool _secureBootSwitchedOff;

    private string Pcrs => Settings.TpmPcrs ?? DefaultPcrs;

    private Secret Passphrase =>
        Target.LuksPassphrase ?? throw new InconclusiveException($"the LUKS passphrase of target {Case.Target.Name} is not configured (luks_passphrase_env/file)");

    [Test, Order(1)]
    public async Task A_TPM_2_0_device_is_present()
    {
        var major = await new TpmProbe(Shell).VersionMajorAsync();
        Assert.That(major, Is.EqualTo(2), $"TPM: expected a TPM 2.0 at /sys/class/tpm/tpm0, found {(major is null ? "no TPM" : $"TPM version {major}")}");
    }

    [Test, Order(2)]
    public async Task The_event_log_is_readable_and_replays_to_the_TPM_PCRs()
    {
        var probe = new TpmProbe(Shell);
        var file = await probe.InspectEventLogAsync();
        Assert.That(file.Readable && file.SizeBytes > 0, Is.True, $"TPM: the firmware event log {file.Path} is not readable or empty ({file})");
        var log = await probe.ReadEventLogAsync();
        var checkedPcrs = Settings.TpmPcrList(7).Append(0).Distinct().Order().ToArray();
        var pcrs = await probe.ReadPcrsAsync(Bank, checkedPcrs);
        Report.Parameter("event log entries", log.Events.Count);
        Report.Parameter("PCRs replayed", string.Join("+", checkedPcrs));
        Assert.That(log.Events, Is.Not.Empty, "TPM: the event log holds no events");
        foreach (var pcr in checkedPcrs)
        {
            Assert.That(pcrs.IsZero(Bank, pcr), Is.False, $"TPM: {Bank} PCR {pcr} is all zeroes: nothing was measured into a PCR a TPM unlock binds");
            Assert.That(log.ReplayMatches(pcrs, Bank, pcr), Is.True,
                $"TPM: replaying the event log gives {Bank} PCR {pcr} = {log.ReplayedPcrs.Get(Bank, pcr)} but the TPM holds {pcrs.Get(Bank, pcr)}: the log cannot be trusted");
        }
    }

    [Test, Order(3)]
    public async Task PCR_7_reflects_Secure_Boot_enabled()
    {
        var probe = new TpmProbe(Shell);
        var pcrs = await probe.ReadPcrsAsync(Bank, [7]);
        var log = await probe.ReadEventLogAsync();
        Report.Parameter("PCR 7", pcrs.Get(Bank, 7));
        Assert.That(pcrs.IsZero(Bank, 7), Is.False, "TPM: PCR 7 is all zeroes: the firmware measured no Secure Boot policy");
        Assert.That(log.SecureBootMeasuredEnabled, Is.True,
            log.SecureBootEvent is null
                ? "TPM: the event log has no SecureBoot variable measurement in PCR 7"
                : $"TPM: PCR 7 measured SecureBoot = {log.SecureBootEvent.VariableData}, i.e. Secure Boot was off at boot");
    }

    [Test, Order(4)]
    public async Task The_root_volume_enrols_with_a_PCR_policy_that_includes_PCR_7()
    {
        // Enrolling is only worth it (and only safe to leave for the next tests) where the boots can be watched.
        Require<IBootCycle>();
        Require<ISerialConsole>();
        var pcrs = Pcrs.Split('+').Select(int.Parse).ToList();
        if (!pcrs.Contains(7))
        {
            Assert.Inconclusive($"TPM: tpm_pcrs '{Pcrs}' in TestMatrix.yml does not include PCR 7, so Secure Boot changes cannot be caught");
        }

        var passphrase = Passphrase;
        var enrolment = new TpmEnrolment(Shell);
        _device = await enrolment.RootDeviceAsync();
        var luks = new LuksProbe(Shell);
        _before = await luks.ReadHeaderAsync(_device);
        Report.Attach("LUKS header before the enrolment", Describe(_before));
        if (_before.Tpm2Token is not null)
        {
            Assert.Inconclusive($"TPM: {_device} already has a TPM2 token ({_before.Tpm2Token}); the suite does not touch an enrolment it did not make");
        }

        var result = await Report.StepAsync($"systemd-cryptenroll --tpm2-device=auto --tpm2-pcrs={Pcrs} {_device}", () => enrolment.EnrolAsync(_device, Pcrs, passphrase));
        Report.Attach("systemd-cryptenroll", result.StandardOutput + result.StandardError);
        var after = await luks.ReadHeaderAsync(_device);
        Report.Attach("LUKS header after the enrolment", Describe(after));
        _enrolled = after.Tpm2Token is not null;
        Assert.That(result.Succeeded, Is.True, $"TPM: systemd-cryptenroll --tpm2-pcrs={Pcrs} {_device} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        Assert.That(after.Tpm2Token, Is.Not.Null, $"TPM: after systemd-cryptenroll {_device} has no systemd-tpm2 token");
        var bound = after.Tpm2Token!.TpmPcrs;
        Report.Parameter("PCRs the token binds", string.Join("+", bound));
        Assert.That(bound, Does.Contain(7),
            $"TPM: the enrolment binds PCRs [{string.Join("+", bound)}], not PCR 7 although the policy asked for {Pcrs}: the key unseals whatever the Secure Boot state");
        Assert.That(bound, Is.EquivalentTo(pcrs), $"TPM: the enrolment binds PCRs [{string.Join("+", bound)}], not the policy {Pcrs}");
    }

    [Test, Order(5)]
    public async Task With_the_TPM_enrolled_the_root_volume_opens_at_boot_without_a_prompt()
    {
        var cycle = Require<IBootCycle>();
        var console = Require<ISerialConsole>();
        RequireEnrolment();
        var clock = Stopwatch.StartNew();
        var prompted = await Report.StepAsync("power-cycle and watch the boot console", () => BootAndAnswerAsync(cycle, console));
        Report.Parameter("power-on to shell", $"{clock.Elapsed.TotalSeconds:0.0} s");
        Assert.That(prompted, Is.False,
            $"TPM: the LUKS prompt appeared although the root volume is enrolled with PCRs {Pcrs} and nothing changed: the TPM did not unseal the key at boot");
    }

    [Test, Order(6)]
    public async Task With_Secure_Boot_off_the_prompt_is_back_and_the_passphrase_still_opens_the_volume()
    {
        var cycle = Require<IBootCycle>();
        var console = Require<ISerialConsole>();
        var firmware = Require<ISecureBootSwitch>();
        RequireEnrolment();
        var pcr7On = (await new TpmProbe(Shell).ReadPcrsAsync(Bank, [7])).Get(Bank, 7);
        bool prompted;
        SecureBootState state;
        string? pcr7Off;
        try
        {
            await firmware.SetSecureBootAsync(false);
            _secureBootSwitchedOff = true;
            prompted = await Report.StepAsync("power-cycle with Secure Boot off and watch the boot console", () => BootAndAnswerAsync(cycle, console));
            state = await new SecureBootProbe(Shell).ReadAsync();
            pcr7Off = (await new TpmProbe(Shell).ReadPcrsAsync(Bank, [7])).Get(Bank, 7);
        }
        finally
        {
            await Report.StepAsync("Secure Boot back on, power-cycle", RestoreSecureBootAsync);
        }

        Report.Parameter("Secure Boot in the test boot", state.ToString());
        Report.Parameter("PCR 7 Secure Boot on / off", $"{pcr7On} / {pcr7Off}");
        Assert.That(state.Enabled, Is.False, $"TPM: the boot meant to run with Secure Boot off had it on ({state}): the firmware switch did not take");
        Assert.That(prompted, Is.True,
            $"TPM: with Secure Boot off the root volume opened without a prompt: the TPM policy does not bind PCR 7 (policy {Pcrs}, PCR 7 {pcr7On} → {pcr7Off})");
    }

    [Test, Order(7)]
    public async Task Removing_the_enrolment_leaves_the_volume_with_the_keyslots_it_had()
    {
        Require<IBootCycle>();
        if (_device is null || _before is null)
        {
            Assert.Inconclusive("TPM: not checked: the enrolment test did not read the volume (see it)");
        }

        var luks = new LuksProbe(Shell);
        var current = await luks.ReadHeaderAsync(_device!);
        if (current.Tpm2Token is not null)
        {
            var wipe = await Report.StepAsync($"systemd-cryptenroll --wipe-slot=tpm2 {_device}", () => new TpmEnrolment(Shell).WipeAsync(_device!, Passphrase));
            Report.Attach("systemd-cryptenroll --wipe-slot=tpm2", wipe.StandardOutput + wipe.StandardError);
            Assert.That(wipe.Succeeded, Is.True, $"TPM: removing the TPM2 enrolment of {_device} failed (exit {wipe.ExitCode}): {wipe.StandardError.Trim()}");
        }

        _enrolled = false;
        var after = await luks.ReadHeaderAsync(_device!);
        Report.Attach("LUKS header after removing the enrolment", Describe(after));
        Assert.That(after.Tpm2Token, Is.Null, $"TPM: {_device} still has a TPM2 token after --wipe-slot=tpm2");
        Assert.That(after.Keyslots.Select(k => k.Id), Is.EquivalentTo(_before!.Keyslots.Select(k => k.Id)),
            $"TPM: {_device} has keyslots [{string.Join(",", after.Keyslots.Select(k => k.Id))}] after the enrolment was removed, it had [{string.Join(",", _before.Keyslots.Select(k => k.Id))}]");
        Assert.That(after.Tokens.Count, Is.EqualTo(_before.Tokens.Count), $"TPM: {_device} has {after.Tokens.Count} token(s) after the enrolment was removed, it had {_before.Tokens.Count}");
    }

    /// <summary>Whatever a failed test left: Secure Boot back on (with a boot that shows it), no TPM2 enrolment of ours.</summary>
    [OneTimeTearDown]
    public async Task LeaveTheTargetAsItWasAsync()
    {
        if (_secureBootSwitchedOff)
        {
            await RestoreSecureBootAsync();
        }

        if (_enrolled && _device is not null && Target.LuksPassphrase is { } passphrase)
        {
            var header = await new LuksProbe(Shell).ReadHeaderAsync(_device);
            if (header.Tpm2Token is not null)
            {
                var wipe = await new TpmEnrolment(Shell).WipeAsync(_device, passphrase);
                TestContext.Progress.WriteLine($"tpm: removed the TPM2 enrolment of {_device} left by a failed test (exit {wipe.ExitCode})");
            }

            _enrolled = false;
        }
    }

    private void RequireEnrolment()
    {
        if (!_enrolled)
        {
            Assert.Inconclusive("TPM: not checked: the root volume was not enrolled (see the enrolment test)");
        }
    }

    /// <summary>Power-cycles with the prompt on the serial console; answers a prompt if one comes; true when one came.</summary>
    private async Task<bool> BootAndAnswerAsync(IBootCycle cycle, ISerialConsole console)
    {
        await cycle.PowerCycleAsync(LuksPromptRoute.Serial);
        Match first;
        try
        {
            first = await console.WaitForAsync(LuksBootMarkers.PromptOrUnlocked, Target.Timeouts.Boot);
        }
        catch (WaitTimeoutException e)
        {
            throw new WaitTimeoutException("the LUKS prompt or the root volume opening", e.Timeout, e.LastSeen);
        }

        var prompted = LuksBootMarkers.IsPrompt(first);
        Report.Parameter("first sign on the console", first.Value.Trim());
        if (prompted)
        {
            await console.WriteSecretLineAsync(Passphrase);
        }

        await Target.EnsureReadyAsync();
        return prompted;
    }

    private async Task RestoreSecureBootAsync()
    {
        if (Target.Get<ISecureBootSwitch>() is not { } firmware || !_secureBootSwitchedOff)
        {
            return;
        }

        await firmware.SetSecureBootAsync(true);
        _secureBootSwitchedOff = false;
        await Target.RebootAsync();
    }

    private static string Describe(LuksHeader header) =>
        $"keyslots: {string.Join(", ", header.Keyslots.Select(k => $"{k.Id} ({k.Type}, {k.Pbkdf})"))}\n"
        + $"tokens: {(header.Tokens.Count == 0 ? "none" : string.Join(", ", header.Tokens.Select(t => $"{t.Id} {t.Type} keyslots [{string.Join(",", t.Keyslots)}] pcrs [{string.Join("+", t.TpmPcrs)}]")))}";
}
