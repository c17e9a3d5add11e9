using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.TinyGuest;
using VeilorQA.Harness.Tests.Libvirt;

namespace VeilorQA.Harness.Tests.Machines;

/// <summary>A tiny guest booted and saved once; copies restored from it are fast, independent, run side by side and leave nothing behind.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class VirtualMachineSnapshotTests
{
    private readonly RunId _run = RunId.Current;
    private LibvirtConnection _connection = null!;
    private VirtualMachine _vm = null!;
    private VirtualMachineSnapshot _snapshot = null!;
    private TimeSpan _coldBootToSsh;

    [OneTimeSetUp]
    public async Task BootAndSaveOnce()
    {
        _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        // No 9p share: a mounted share blocks the save.
        var (files, spec, _) = await TinyGuestDomain.PrepareAsync(_run, "snaptest", withLogsShare: false);
        _vm = VirtualMachine.Create(_connection, spec, files);
        var clock = Stopwatch.StartNew();
        await _vm.PowerOnAsync();
        await _vm.WaitForSshBannerAsync(TimeSpan.FromMinutes(3));
        _coldBootToSsh = clock.Elapsed;
        await using (var serial = await GuestSerial.ConnectAsync(_vm))
        {
            (await serial.RunAsync("echo booted > /tmp/marker; cat /tmp/marker")).Trim().Should().Be("booted");
        }

        _snapshot = await _vm.SaveAsync();
        TestContext.Progress.WriteLine($"cold boot to SSH: {_coldBootToSsh.TotalSeconds:0.00} s; saved state: {_snapshot.StateBytes / (1024 * 1024)} MiB");
    }

    [OneTimeTearDown]
    public async Task RemoveEverything()
    {
        var directory = _snapshot.Directory;
        await _snapshot.DisposeAsync();
        await _vm.DisposeAsync();
        Directory.Exists(directory).Should().BeFalse("the snapshot removed the saved state and gold disks");
        _connection.ListAll().Select(d => d.Name).Should().NotContain(n => n.StartsWith(_run.Name("snaptest"), StringComparison.Ordinal));
        File.Exists(LibvirtHostPaths.QemuLog(_run.Name("snaptest"))).Should().BeFalse();
        if (Directory.Exists(HarnessPaths.RunDirectory(_run)) && !Directory.EnumerateFileSystemEntries(HarnessPaths.RunDirectory(_run)).Any())
        {
            Directory.Delete(HarnessPaths.RunDirectory(_run));
        }

        _connection.Dispose();
    }

    [Test]
    public async Task Restored_copies_reach_ssh_ten_times_faster_than_a_cold_boot_and_run_side_by_side()
    {
        _vm.State.State.Should().Be(DomainState.ShutOff, "saving stops the original");

        var clock = Stopwatch.StartNew();
        await using var first = await _snapshot.RestoreCopyAsync();
        var firstRestored = clock.Elapsed;
        await first.WaitForSshBannerAsync(TimeSpan.FromSeconds(60));
        var firstToSsh = clock.Elapsed;
        clock.Restart();
        await using var second = await _snapshot.RestoreCopyAsync();
        await second.WaitForSshBannerAsync(TimeSpan.FromSeconds(60));
        var secondToSsh = clock.Elapsed;
        TestContext.Progress.WriteLine(
            $"cold boot to SSH: {_coldBootToSsh.TotalSeconds:0.00} s; restore to SSH: first copy {firstToSsh.TotalSeconds:0.00} s (restore call {firstRestored.TotalSeconds:0.00} s; {_coldBootToSsh / firstToSsh:0.0}x faster), "
            + $"second copy, restored beside the first {secondToSsh.TotalSeconds:0.00} s ({_coldBootToSsh / secondToSsh:0.0}x faster)");

        first.Name.Should().NotBe(second.Name);
        first.SshPort.Should().NotBe(second.SshPort);
        first.State.State.Should().Be(DomainState.Running);
        second.State.State.Should().Be(DomainState.Running);
        VirtualMachineXml.Uuid(first.Xml).Should().NotBe(VirtualMachineXml.Uuid(second.Xml)!.Value);
        VirtualMachineXml.Nvram(first.Xml).Should().StartWith(first.Directory);
        VirtualMachineXml.Nvram(second.Xml).Should().StartWith(second.Directory);
        VirtualMachineXml.WritableDisks(first.Xml).Single().Path.Should().StartWith(first.Directory);
        await using (var firstSerial = await GuestSerial.ConnectAsync(first))
        await using (var secondSerial = await GuestSerial.ConnectAsync(second))
        {
            (await firstSerial.RunAsync("cat /tmp/marker; echo one > /tmp/marker")).Trim().Should().Be("booted", "a copy continues the saved guest");
            (await secondSerial.RunAsync("cat /tmp/marker")).Trim().Should().Be("booted", "copies share neither memory nor disks");
            (await secondSerial.RunAsync("cat /sys/class/tpm/tpm0/tpm_version_major")).Trim().Should().Be("2", "the TPM came along");
        }

        firstToSsh.Should().BeLessThan(_coldBootToSsh / 10, "a restored copy must reach SSH at least 10x faster than a cold boot");
        var directories = new[] { first.Directory, second.Directory };
        await first.DisposeAsync();
        await second.DisposeAsync();
        directories.Should().OnlyContain(d => !Directory.Exists(d));
        _connection.TryLookup(first.Name).Should().BeNull();
    }

    [Test]
    public async Task A_copy_survives_a_hard_reset_and_is_destroyed_when_it_ignores_the_power_button()
    {
        await using var copy = await _snapshot.RestoreCopyAsync();
        await copy.WaitForSshBannerAsync(TimeSpan.FromSeconds(60));

        await copy.ResetAsync();
        await copy.WaitForSshBannerAsync(TimeSpan.FromMinutes(3));
        await using (var serial = await GuestSerial.ConnectAsync(copy))
        {
            (await serial.RunAsync("cat /tmp/marker 2>/dev/null || echo fresh")).Trim().Should().Be("fresh", "a reset boots the guest anew");
        }

        // The tiny guest runs no acpid, so the ACPI power button is ignored and the grace period ends in destroy.
        var clock = Stopwatch.StartNew();
        var graceful = await copy.ShutdownAsync(TimeSpan.FromSeconds(3));

        graceful.Should().BeFalse();
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3));
        copy.State.State.Should().Be(DomainState.ShutOff);
        _connection.TryLookup(copy.Name).Should().BeNull("a stopped transient domain is gone from libvirt");
    }
}
