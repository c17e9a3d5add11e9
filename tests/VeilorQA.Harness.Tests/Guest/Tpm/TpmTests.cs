using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Tpm;

namespace VeilorQA.Harness.Tests.Guest.Tpm;

public class TpmTests
{
    [Test]
    public void A_fresh_swtpm_has_an_all_zero_pcr_7()
    {
        var reading = PcrReading.Parse(Sample.Read("tpm/pcrread-sha256-7-fresh.txt"));

        reading.IsZero("sha256", 7).Should().BeTrue();
    }

    [Test]
    public void Several_banks_and_pcrs_are_read_from_one_pcrread()
    {
        var reading = PcrReading.Parse(Sample.Read("tpm/pcrread-sha1-7-sha256-0-7.txt"));

        reading.Get("sha1", 7).Should().Be(new string('0', 40));
        reading.Get("sha256", 0).Should().Be(new string('0', 64));
        reading.Get("sha256", 7).Should().Be("50cacb2e5b0a3e6260aaa11655b4eca9baf9d29020470b68743ff3de9c848395");
        reading.Get("sha384", 7).Should().BeNull();
    }

    [Test]
    public void The_event_log_shows_secure_boot_measured_into_pcr_7()
    {
        var log = TpmEventLog.Parse(Sample.Read("tpm/eventlog-secureboot.yaml"));

        log.Events.Should().HaveCount(8);
        log.EventsFor(7).Select(e => e.UnicodeName ?? e.EventType).Should().Equal("SecureBoot", "PK", "KEK", "db", "dbx", "EV_SEPARATOR");
        log.SecureBootEvent!.VariableGuid.Should().Be(TpmEventLog.EfiGlobalVariableGuid);
        log.SecureBootMeasuredEnabled.Should().BeTrue();
        log.SecureBootEvent.Digests["sha256"].Should().Be("ccfc4bb32888a345bc8aeadaba552b627d99348c767681ab3141f5b01e40a40e");
    }

    [Test]
    public void Replaying_the_log_matches_the_tpm_that_measured_it_and_not_a_fresh_one()
    {
        var log = TpmEventLog.Parse(Sample.Read("tpm/eventlog-secureboot.yaml"));

        log.ReplayMatches(PcrReading.Parse(Sample.Read("tpm/pcrread-sha256-7-replayed.txt")), "sha256", 7).Should().BeTrue();
        log.ReplayMatches(PcrReading.Parse(Sample.Read("tpm/pcrread-sha256-7-fresh.txt")), "sha256", 7).Should().BeFalse();
    }

    [Test]
    public void A_log_without_the_secure_boot_variable_says_unknown_rather_than_off()
    {
        var log = TpmEventLog.Parse("---\nversion: 1\nevents:\n- EventNum: 0\n  PCRIndex: 0\n  EventType: EV_NO_ACTION\n  Digest: \"00\"\n");

        log.SecureBootMeasuredEnabled.Should().BeNull();
    }

    [Test]
    public void Tpm_tool_errors_instead_of_values_are_reported_with_the_line()
    {
        var act = () => PcrReading.Parse("ERROR:tcti:src/tss2-tcti/tcti-device.c:442:Tss2_Tcti_Device_Init() Failed to open specified TCTI device file /dev/tpmrm0: No such file or directory\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*tpm2_pcrread*/dev/tpmrm0*");
    }

    [Test]
    public async Task The_probe_reads_the_version_the_event_log_file_and_pcrs()
    {
        var shell = new RecordedShell()
            .Answer(TpmProbe.ReadVersionMajor, "2\n")
            .Answer(TpmProbe.InspectEventLog, "readable 30184\n")
            .Answer(TpmProbe.PcrRead("sha256", 7), Sample.Read("tpm/pcrread-sha256-7-replayed.txt"))
            .Answer(TpmProbe.ReadEventLog, Sample.Read("tpm/eventlog-secureboot.yaml"));
        var probe = new TpmProbe(shell);

        (await probe.VersionMajorAsync()).Should().Be(2);
        (await probe.InspectEventLogAsync()).Should().Be(new TpmEventLogFile(TpmProbe.EventLogPath, true, 30184));
        var pcrs = await probe.ReadPcrsAsync("sha256", [7]);
        (await probe.ReadEventLogAsync()).ReplayMatches(pcrs, "sha256", 7).Should().BeTrue();
        TpmProbe.PcrRead("sha256", 7).Should().Be("tpm2_pcrread sha256:7");
    }

    [Test]
    public async Task A_machine_without_a_tpm_has_no_version_and_no_log()
    {
        var shell = new RecordedShell()
            .Answer(TpmProbe.ReadVersionMajor, string.Empty)
            .Answer(TpmProbe.InspectEventLog, "unreadable\n");

        (await new TpmProbe(shell).VersionMajorAsync()).Should().BeNull();
        (await new TpmProbe(shell).InspectEventLogAsync()).Readable.Should().BeFalse();
    }

    [Test]
    public async Task The_event_log_check_script_counts_bytes_by_reading()
    {
        using var dir = new ScratchDirectory("tpm");
        var log = dir.File("binary_bios_measurements");
        await File.WriteAllBytesAsync(log, new byte[1234]);
        var script = TpmProbe.InspectEventLog.Replace(TpmProbe.EventLogPath, log, StringComparison.Ordinal);

        var result = await new LocalBashShell().RunAsync(script, TimeSpan.FromSeconds(10));

        TpmProbe.ParseEventLogInspection(result.StandardOutput).SizeBytes.Should().Be(1234);
    }
}
