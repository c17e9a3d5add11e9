using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Bench;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Tests.Waiting;

namespace VeilorQA.Harness.Tests.Bench;

/// <summary>The bare QEMU bench waits for swtpm's and QEMU's sockets: appeared, never appeared, or the process died first.</summary>
public class BareQemuMachineSocketWaitTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("veilorqa-socketwait-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_socket_that_never_appears_times_out_saying_its_process_still_runs()
    {
        using var owner = Process.Start("sleep", "30");
        try
        {
            using var time = new PausingTimeProvider();
            var path = Path.Combine(_folder, "tpm.sock");

            var act = () => time.DriveAsync(WaitAsync(path, owner, TimeSpan.FromSeconds(2), time));

            var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
            thrown.WaitedFor.Should().StartWith($"{path} to appear (log in {_folder})");
            thrown.LastSeen.Should().Be($"no tpm.sock yet; sleep (pid {owner.Id}) still running");
            time.Pauses.Should().HaveCount(40, "one look every 50 ms for 2 s, without sleeping");
        }
        finally
        {
            owner.Kill();
        }
    }

    [Test]
    public async Task A_process_that_exits_before_creating_its_socket_ends_the_wait_at_once_with_its_exit_code()
    {
        using var owner = Process.Start("sh", ["-c", "exit 3"]);
        await owner.WaitForExitAsync();
        using var time = new PausingTimeProvider();
        var path = Path.Combine(_folder, "serial.sock");

        var act = () => time.DriveAsync(WaitAsync(path, owner, TimeSpan.FromSeconds(60), time));

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage($"*exited with 3 before creating {path}*");
        time.Pauses.Should().BeEmpty();
    }

    [Test]
    public async Task A_socket_that_appears_between_looks_ends_the_wait()
    {
        using var owner = Process.Start("sleep", "30");
        try
        {
            using var time = new PausingTimeProvider();
            var path = Path.Combine(_folder, "serial.sock");

            await time.DriveAsync(WaitAsync(path, owner, TimeSpan.FromSeconds(60), time), beforeEachPause: n =>
            {
                if (n == 3)
                {
                    File.WriteAllText(path, string.Empty);
                }
            });

            time.Pauses.Should().HaveCount(3);
        }
        finally
        {
            owner.Kill();
        }
    }

    private static async Task<bool> WaitAsync(string path, Process owner, TimeSpan timeout, TimeProvider time)
    {
        await BareQemuMachine.WaitForSocketAsync(path, owner, timeout, CancellationToken.None, time);
        return true;
    }
}
