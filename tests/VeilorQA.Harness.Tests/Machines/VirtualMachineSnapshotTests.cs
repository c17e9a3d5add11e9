using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Tests.Libvirt;

namespace VeilorQA.Harness.Tests.Machines;

/// <summary>Save a booted tiny guest once, restore copies: faster than a cold boot, side by side, nothing left afterwards.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class VirtualMachineSnapshotTests
{
    private readonly RunId run = RunId.Current;
    private LibvirtConnection connection = null!;

    [OneTimeSetUp]
    public void Open() => connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });

    [OneTimeTearDown]
    public void Close() => connection.Dispose();

    [Test]
    public async Task Restored_copies_reach_ssh_ten_times_faster_than_a_cold_boot_and_run_side_by_side()
    {
        var directory = Path.Combine(HarnessPaths.RunDirectory(run), "snaptest");
        // No 9p share: a mounted share blocks the save.
        var spec = await TinyGuestDomain.PrepareAsync(run, "snaptest", directory, withShare: false);
        await using var vm = VirtualMachine.Create(connection, spec, directory);
        var clock = Stopwatch.StartNew();
        await vm.PowerOnAsync();
        await vm.WaitForSshBannerAsync(TimeSpan.FromMinutes(3));
        var coldBootToSsh = clock.Elapsed;
        await using (var serial = await GuestSerial.ConnectAsync(vm))
        {
            (await serial.RunAsync("echo booted > /tmp/marker; cat /tmp/marker")).Trim().Should().Be("booted");
        }

        await using var snapshot = await vm.SaveAsync();
        TestContext.Progress.WriteLine($"saved state: {snapshot.StateBytes / (1024 * 1024)} MiB");
        vm.State.State.Should().Be(DomainState.ShutOff);

        clock.Restart();
        await using var first = await snapshot.RestoreCopyAsync();
        var restoreCall = clock.Elapsed;
        await first.WaitForSshBannerAsync(TimeSpan.FromSeconds(60));
        var restoreToSsh = clock.Elapsed;
        TestContext.Progress.WriteLine($"first copy: restored in {restoreCall.TotalSeconds:0.00} s, SSH banner after {restoreToSsh.TotalSeconds:0.00} s");
        clock.Restart();
        await using var second = await snapshot.RestoreCopyAsync();
        await second.WaitForSshBannerAsync(TimeSpan.FromSeconds(60));
        var secondRestoreToSsh = clock.Elapsed;
        TestContext.Progress.WriteLine(
            $"cold boot to SSH: {coldBootToSsh.TotalSeconds:0.00} s; restore to SSH: first copy {restoreToSsh.TotalSeconds:0.00} s ({coldBootToSsh / restoreToSsh:0.0}x faster), "
            + $"second copy (own UUID, rewritten state file) {secondRestoreToSsh.TotalSeconds:0.00} s ({coldBootToSsh / secondRestoreToSsh:0.0}x faster)");

        first.Name.Should().NotBe(second.Name);
        first.SshPort.Should().NotBe(second.SshPort);
        first.State.State.Should().Be(DomainState.Running);
        second.State.State.Should().Be(DomainState.Running);
        VirtualMachineXml.Nvram(first.Xml).Should().StartWith(first.Directory);
        VirtualMachineXml.Nvram(second.Xml).Should().StartWith(second.Directory);
        VirtualMachineXml.WritableDisks(first.Xml).Single().Path.Should().StartWith(first.Directory);
        await using (var firstSerial = await GuestSerial.ConnectAsync(first))
        await using (var secondSerial = await GuestSerial.ConnectAsync(second))
        {
            (await firstSerial.RunAsync("cat /tmp/marker; echo one > /tmp/marker")).Trim().Should().Be("booted", "a copy continues the saved guest");
            (await secondSerial.RunAsync("cat /tmp/marker")).Trim().Should().Be("booted", "copies do not share memory or disks");
        }

        restoreToSsh.Should().BeLessThan(coldBootToSsh / 10, "a restored copy must reach SSH at least 10x faster than a cold boot");
        var directories = new[] { first.Directory, second.Directory, snapshot.Directory };
        await first.DisposeAsync();
        await second.DisposeAsync();
        await snapshot.DisposeAsync();
        await vm.DisposeAsync();
        directories.Should().OnlyContain(d => !Directory.Exists(d));
        if (!Directory.EnumerateFileSystemEntries(HarnessPaths.RunDirectory(run)).Any())
        {
            Directory.Delete(HarnessPaths.RunDirectory(run));
        }

        connection.ListAll().Select(d => d.Name).Should().NotContain(n => n.StartsWith(run.Name("snaptest"), StringComparison.Ordinal));
    }
}
