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
    private readonly List<Process> _owners = [];
    private readonly List<RunId> _runs = [];
    private LibvirtConnection _connection = null!;
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        _folder = Directory.CreateTempSubdirectory("reaper-test-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var owner in _owners)
        {
            if (!owner.HasExited)
            {
                owner.Kill();
            }

            owner.Dispose();
        }

        _owners.Clear();

        // Whatever the test left: reap its own runs unconditionally.
        new Reaper(_connection, new ReaperOptions { Folders = [_folder, LibvirtHostPaths.QemuLogs], OnlyRuns = _runs.Select(r => r.Value).ToHashSet(), IsOrphaned = _ => true }).Reap();
        _runs.Clear();
        Directory.Delete(_folder, recursive: true);
        _connection.Dispose();
    }

    [Test]
    public void A_killed_runs_domains_and_files_are_removed_and_a_live_runs_are_untouched()
    {
        var dead = OwnedRun(out var deadOwner);
        var alive = OwnedRun(out _);
        using (var running = _connection.Define(DisklessDomain(dead.Name("vm"))))
        {
            running.Start();
        }

        _connection.Define(DisklessDomain(dead.Name("stopped"))).Dispose();
        _connection.Define(DisklessDomain(alive.Name("vm"))).Dispose();
        var deadFiles = CreateRunFiles(dead);
        var aliveFiles = CreateRunFiles(alive);
        deadOwner.Kill();
        deadOwner.WaitForExit();

        var report = new Reaper(_connection, new ReaperOptions { Folders = [_folder, LibvirtHostPaths.QemuLogs], OnlyRuns = new HashSet<string> { dead.Value, alive.Value } }).Reap();

        report.Failures.Should().BeEmpty();
        report.OrphanedRuns.Should().Equal(dead.Value);
        report.LiveRuns.Should().Equal(alive.Value);
        report.RemovedDomains.Should().BeEquivalentTo(dead.Name("vm"), dead.Name("stopped"));
        _connection.TryLookup(dead.Name("vm")).Should().BeNull();
        _connection.TryLookup(dead.Name("stopped")).Should().BeNull();
        deadFiles.Should().OnlyContain(p => !Path.Exists(p));
        File.Exists(LibvirtHostPaths.QemuLog(dead.Name("vm"))).Should().BeFalse("QEMU's log of the dead run's VM is reaped too");
        RunOwner.Read(dead.Value).Should().BeNull("the reaped run's owner file goes too");

        using var untouched = _connection.Lookup(alive.Name("vm"));
        untouched.IsPersistent.Should().BeTrue();
        aliveFiles.Should().OnlyContain(p => Path.Exists(p));
        RunOwner.Read(alive.Value).Should().NotBeNull();
    }

    [Test]
    public void A_dry_run_lists_a_dead_runs_leftovers_and_removes_nothing()
    {
        var dead = OwnedRun(out var owner);
        _connection.Define(DisklessDomain(dead.Name("vm"))).Dispose();
        var files = CreateRunFiles(dead);
        owner.Kill();
        owner.WaitForExit();

        var report = new Reaper(_connection, new ReaperOptions { Folders = [_folder], OnlyRuns = new HashSet<string> { dead.Value }, DryRun = true }).Reap();

        report.RemovedDomains.Should().Equal(dead.Name("vm"));
        report.RemovedPaths.Should().BeEquivalentTo(files);
        report.ToString().Should().Contain("would remove");
        _connection.TryLookup(dead.Name("vm")).Should().NotBeNull();
        files.Should().OnlyContain(p => Path.Exists(p));
    }

    [Test]
    public void This_processs_own_run_is_never_reaped()
    {
        var options = new ReaperOptions { Folders = [_folder], IsOrphaned = _ => true };
        var own = Path.Combine(_folder, RunId.Current.Name("keep"));
        File.WriteAllText(own, "mine");

        new Reaper(_connection, options with { OnlyRuns = new HashSet<string> { RunId.Current.Value } }).Reap();

        File.Exists(own).Should().BeTrue();
    }

    private RunId OwnedRun(out Process owner)
    {
        var run = RunId.New();
        _runs.Add(run);
        owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        _owners.Add(owner);
        // The owner file a run's process writes with RunOwner.Claim, written here for the child process.
        var record = new RunOwner(run.Value, owner.Id, RunOwner.ProcessStartTicksOf(owner.Id) ?? 0, DateTimeOffset.UtcNow);
        Directory.CreateDirectory(HarnessPaths.Runs);
        File.WriteAllText(Path.Combine(HarnessPaths.Runs, run.Value + ".json"), JsonSerializer.Serialize(record));
        RunOwner.Read(run.Value)!.IsAlive().Should().BeTrue();
        return run;
    }

    private List<string> CreateRunFiles(RunId run)
    {
        var directory = Path.Combine(_folder, run.ResourcePrefix);
        Directory.CreateDirectory(Path.Combine(directory, "tpm"));
        File.WriteAllText(Path.Combine(directory, "tpm", "state"), "x");
        var file = Path.Combine(_folder, run.Name("vm.save"));
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
