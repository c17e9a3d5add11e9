using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Guest.Tpm;

namespace VeilorQA.Release.Suites;

/// <summary>
/// TPM 2.0: the device is there, PCR 7 carries the Secure Boot state, and the event log replays to the TPM's PCRs —
/// PCR 0 and every PCR a TPM unlock binds (the suite's <c>tpm_pcrs</c>, default 7): a PCR the log cannot explain is no
/// ground to seal a disk key to.
/// </summary>
[ReleaseSuite("tpm")]
[Order(4)]
public sealed class TpmSuite : TargetFixture
{
    private const string Bank = "sha256";

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
        var checkedPcrs = new[] { 0 }.Concat(Settings.TpmPcrList(7)).Distinct().Order().ToArray();
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
}
