using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Tests.Machines;

public class AcceleratorProbeTests
{
    [Test]
    public void The_boot_sector_is_one_bootable_sector_holding_the_marker()
    {
        var sector = AcceleratorProbe.BootSector();

        sector.Should().HaveCount(512);
        sector[510..].Should().Equal(0x55, 0xAA);
        System.Text.Encoding.ASCII.GetString(sector).Should().Contain(AcceleratorProbe.Marker);
    }

    [Test]
    [Category("Integration")]
    public async Task The_boot_sector_prints_its_marker_and_exits_under_TCG()
    {
        var (ran, seen) = await AcceleratorProbe.RunBootSectorAsync("tcg", "qemu64", TimeSpan.FromSeconds(30), CancellationToken.None);

        ran.Should().BeTrue(seen);
    }

    [Test]
    [Category("Integration")]
    public async Task The_tiny_guest_kernel_reaches_its_marker_and_powers_off_under_TCG()
    {
        var guest = await VeilorQA.Harness.Machines.TinyGuest.TinyGuest.EnsureBuiltAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (ran, seen) = await AcceleratorProbe.RunLinuxAsync("tcg", "qemu64", guest, TimeSpan.FromSeconds(120), CancellationToken.None);

        TestContext.Out.WriteLine($"TCG Linux probe: {started.Elapsed.TotalSeconds:0.0} s ({seen})");
        ran.Should().BeTrue(seen);
    }

    [Test]
    [Category("Integration")]
    public async Task The_probe_gives_a_reason_and_caches_its_answer()
    {
        var first = await AcceleratorProbe.ProbeAsync();
        var second = await AcceleratorProbe.ProbeAsync();

        TestContext.Out.WriteLine(first.ToString());
        second.Should().BeSameAs(first);
        first.Reason.Should().NotBeNullOrWhiteSpace();
        first.Accelerator.Should().Be(first.KvmUsable ? Accelerator.Kvm : Accelerator.Tcg);
    }

    [Test]
    [Category("Integration")]
    public async Task The_choice_agrees_with_what_a_guest_does_under_KVM_on_a_KVM_runner_and_on_a_TCG_only_machine()
    {
        // No machine-specific expectation: the probe is held to what this machine's KVM really does.
        var choice = await AcceleratorProbe.ProbeAsync();

        TestContext.Out.WriteLine(choice.ToString());
        if (!File.Exists("/dev/kvm"))
        {
            choice.KvmUsable.Should().BeFalse();
            choice.Reason.Should().Contain("/dev/kvm does not exist");
            return;
        }

        var (sectorRan, seen) = await AcceleratorProbe.RunBootSectorAsync("kvm", "host", TimeSpan.FromSeconds(30), CancellationToken.None);
        if (choice.KvmUsable)
        {
            sectorRan.Should().BeTrue($"the probe chose KVM ({choice.Reason}), so a boot sector must run under it: {seen}");
            choice.Reason.Should().Contain("ran under KVM");
        }
        else
        {
            // Either /dev/kvm cannot be opened, or a stage failed under KVM: the boot sector itself, or Linux after a
            // boot sector that ran (seen on a CI machine whose KVM runs real-mode code but not a kernel).
            if (choice.Reason.Contains("/dev/kvm cannot be opened"))
            {
                return;
            }

            choice.Reason.Should().Match(r => r.Contains("a test guest failed under KVM (-cpu host)") || r.Contains("a boot sector ran under KVM but Linux did not (-cpu host)"));
            if (sectorRan)
            {
                choice.Reason.Should().Contain("but Linux did not", $"a boot sector runs under KVM here ({seen}), so only Linux can have failed");
            }
        }
    }
}
