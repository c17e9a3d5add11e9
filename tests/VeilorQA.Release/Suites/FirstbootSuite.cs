using NUnit.Framework;
using VeilorQA.Fixtures.Reporting;
using VeilorQA.Fixtures.Targets;
using VeilorQA.Harness.Guest.Systemd;

namespace VeilorQA.Release.Suites;

/// <summary>Firstboot: veilor's first-boot unit is pulled in by multi-user.target and ran exactly once.</summary>
[ReleaseSuite("firstboot")]
[Order(2)]
public sealed class FirstbootSuite : TargetFixture
{
    /// <summary>The unit veilor-os ships; the reference guest ships the same name (vms/reference/FAULTS.md).</summary>
    public const string Unit = "veilor-firstboot.service";

    public const string WantedBy = "multi-user.target";

    [Test]
    public async Task The_firstboot_unit_is_wanted_by_its_target_and_ran_once()
    {
        var check = await new SystemdProbe(Shell).CheckWantedAndRanOnceAsync(Unit, WantedBy);
        Report.Attach($"systemctl show {Unit}", check.State.ToString());
        Report.Attach($"journal of {Unit}, all boots", (await RunAsync($"journalctl --no-pager -o short-precise -u {Unit}; ls -l /var/lib/veilor/ 2>&1")).StandardOutput);
        Assert.That(check.Passed, Is.True, $"firstboot: {check.Verdict}");
    }
}
