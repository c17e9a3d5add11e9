using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines.Reaping;

namespace VeilorQA.Harness.Tests.Images.Registry;

/// <summary>
/// Registry containers of two runs owned by real child processes: one killed, one alive. The reaper
/// removes the dead run's container and folder by its label and leaves the live run's. No VM: the
/// libvirt connection only lists domains (none carry these fresh run ids).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RegistryReapingTests
{
    private readonly List<Process> _owners = [];
    private readonly List<RunId> _runs = [];

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
        if (DockerRunContainers.Available)
        {
            using var connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
            new Reaper(connection, new ReaperOptions { Folders = [Path.GetTempPath()], OnlyRuns = _runs.Select(r => r.Value).ToHashSet(), IsOrphaned = _ => true }).Reap();
        }

        _runs.Clear();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_dead_runs_registry_container_is_reaped_and_a_live_runs_is_kept(CancellationToken cancellationToken)
    {
        if (!DockerRunContainers.Available)
        {
            Assert.Ignore("needs a Docker engine");
        }

        var dead = OwnedRun(out var deadOwner);
        var alive = OwnedRun(out _);
        var deadRegistry = await LocalRegistry.StartAsync(RegistryMode.Plain, dead, cancellationToken: cancellationToken);
        var aliveRegistry = await LocalRegistry.StartAsync(RegistryMode.Plain, alive, cancellationToken: cancellationToken);
        try
        {
            deadOwner.Kill();
            await deadOwner.WaitForExitAsync(cancellationToken);
            using var connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });

            var report = new Reaper(connection, new ReaperOptions { Folders = [Path.GetTempPath()], OnlyRuns = new HashSet<string> { dead.Value, alive.Value } }).Reap();

            report.Failures.Should().BeEmpty();
            report.OrphanedRuns.Should().Equal(dead.Value);
            report.LiveRuns.Should().Equal(alive.Value);
            report.RemovedContainers.Should().ContainSingle().Which.Should().StartWith(deadRegistry.ContainerName + " (");
            report.RemovedPaths.Should().Contain(deadRegistry.WorkDirectory);
            report.ToString().Should().Contain("1 container(s)").And.Contain("container " + deadRegistry.ContainerName);
            (await Exists(deadRegistry.ContainerName)).Should().BeFalse();
            Directory.Exists(deadRegistry.WorkDirectory).Should().BeFalse();
            (await Exists(aliveRegistry.ContainerName)).Should().BeTrue();
            Directory.Exists(aliveRegistry.WorkDirectory).Should().BeTrue();
            using var client = aliveRegistry.CreateHttpClient();
            (await client.GetAsync("v2/", cancellationToken)).IsSuccessStatusCode.Should().BeTrue("the live run's registry still serves");
            RunOwner.Read(dead.Value).Should().BeNull();
        }
        finally
        {
            await aliveRegistry.DisposeAsync();
            if (await Exists(deadRegistry.ContainerName))
            {
                await deadRegistry.DisposeAsync();
            }
        }
    }

    [Test]
    public void Docker_ps_lines_are_parsed_into_run_containers()
    {
        DockerRunContainers.Parse("abc123\tveilorqa-1203071000abcdef-registry-1a2b3c\t1203071000abcdef\n\nbad line\n")
            .Should().Equal(new RunContainer("abc123", "veilorqa-1203071000abcdef-registry-1a2b3c", "1203071000abcdef"));
    }

    private static async Task<bool> Exists(string container) =>
        (await ExternalCommand.RunAsync("docker", ["inspect", container], TimeSpan.FromSeconds(20))).ExitCode == 0;

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
        return run;
    }
}
