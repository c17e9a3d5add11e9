using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines.Reaping;

namespace VeilorQA.Harness.Tests.Machines.Reaping;

/// <summary>Two runs owned by real child processes: one killed with SIGKILL, one alive. Only the dead one's resources go.</summary>
[TestFixture]
[Category("Integration")]
public sealed class ReaperTests
{
    private readonly List<Process> owners = [];
    private readonly List<RunId> runs = [];
    private LibvirtConnection connection = null!;
    private string folder = null!;

    [SetUp]
    public void SetUp()
    {
        connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        folder = Directory.CreateTempSubdirectory("reaper-test-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var owner in owners)
        {
            if (!owner.HasExited)
            {
                owner.Kill();
            }

            owner.Dispose();
        }

        owners.Clear();

        // Whatever the test left: reap its own runs unconditionally.
        new Reaper(connection, new ReaperOptions { Folders = [folder, LibvirtHostPaths.QemuLogs], OnlyRuns = runs.Select(r => r.Value).ToHashSet(), IsOrphaned = _ => true }).Reap();
        runs.Clear();
        Directory.Delete(folder, recursive: true);
        connection.Dispose();
    }

    [Test]
    public void A_killed_runs_domains_and_files_are_removed_and_a_live_runs_are_untouched()
    {
        var dead = OwnedRun(out var deadOwner);
        var alive = OwnedRun(out _);
        using (var running = connection.Define(DisklessDomain(dead.Name("vm"))))
        {
            running.Start();
        }

        connection.Define(DisklessDomain(dead.Name("stopped"))).Dispose();
        connection.Define(DisklessDomain(alive.Name("vm"))).Dispose();
        var deadFiles = CreateRunFiles(dead);
        var aliveFiles = CreateRunFiles(alive);
        deadOwner.Kill();
        deadOwner.WaitForExit();

        var report = new Reaper(connection, new ReaperOptions { Folders = [folder, LibvirtHostPaths.QemuLogs], OnlyRuns = new HashSet<string> { dead.Value, alive.Value } }).Reap();

        report.Failures.Should().BeEmpty();
        report.OrphanedRuns.Should().Equal(dead.Value);
        report.LiveRuns.Should().Equal(alive.Value);
        report.RemovedDomains.Should().BeEquivalentTo(dead.Name("vm"), dead.Name("stopped"));
        connection.TryLookup(dead.Name("vm")).Should().BeNull();
        connection.TryLookup(dead.Name("stopped")).Should().BeNull();
        deadFiles.Should().OnlyContain(p => !Path.Exists(p));
        File.Exists(LibvirtHostPaths.QemuLog(dead.Name("vm"))).Should().BeFalse("QEMU's log of the dead run's VM is reaped too");
        RunOwner.Read(dead.Value).Should().BeNull("the reaped run's owner file goes too");

        using var untouched = connection.Lookup(alive.Name("vm"));
        untouched.IsPersistent.Should().BeTrue();
        aliveFiles.Should().OnlyContain(p => Path.Exists(p));
        RunOwner.Read(alive.Value).Should().NotBeNull();
    }

    [Test]
    public void A_dry_run_lists_a_dead_runs_leftovers_and_removes_nothing()
    {
        var dead = OwnedRun(out var owner);
        connection.Define(DisklessDomain(dead.Name("vm"))).Dispose();
        var files = CreateRunFiles(dead);
        owner.Kill();
        owner.WaitForExit();

        var report = new Reaper(connection, new ReaperOptions { Folders = [folder], OnlyRuns = new HashSet<string> { dead.Value }, DryRun = true }).Reap();

        report.RemovedDomains.Should().Equal(dead.Name("vm"));
        report.RemovedPaths.Should().BeEquivalentTo(files);
        report.ToString().Should().Contain("would remove");
        connection.TryLookup(dead.Name("vm")).Should().NotBeNull();
        files.Should().OnlyContain(p => Path.Exists(p));
    }

    [Test]
    public void This_processs_own_run_is_never_reaped()
    {
        var options = new ReaperOptions { Folders = [folder], IsOrphaned = _ => true };
        var own = Path.Combine(folder, RunId.Current.Name("keep"));
        File.WriteAllText(own, "mine");

        new Reaper(connection, options with { OnlyRuns = new HashSet<string> { RunId.Current.Value } }).Reap();

        File.Exists(own).Should().BeTrue();
    }

    private RunId OwnedRun(out Process owner)
    {
        var run = RunId.New();
        runs.Add(run);
        owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        owners.Add(owner);
        // The owner file a run's process writes with RunOwner.Claim, written here for the child process.
        var record = new RunOwner(run.Value, owner.Id, RunOwner.ProcessStartTicksOf(owner.Id) ?? 0, DateTimeOffset.UtcNow);
        Directory.CreateDirectory(HarnessPaths.Runs);
        File.WriteAllText(Path.Combine(HarnessPaths.Runs, run.Value + ".json"), JsonSerializer.Serialize(record));
        RunOwner.Read(run.Value)!.IsAlive().Should().BeTrue();
        return run;
    }

    private List<string> CreateRunFiles(RunId run)
    {
        var directory = Path.Combine(folder, run.ResourcePrefix);
        Directory.CreateDirectory(Path.Combine(directory, "tpm"));
        File.WriteAllText(Path.Combine(directory, "tpm", "state"), "x");
        var file = Path.Combine(folder, run.Name("vm.save"));
        File.WriteAllText(file, "x");
        return [directory, file];
    }

    private static string DisklessDomain(string name) => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <memory unit='MiB'>32</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
          <devices><video><model type='none'/></video></devices>
        </domain>
        """;
}
