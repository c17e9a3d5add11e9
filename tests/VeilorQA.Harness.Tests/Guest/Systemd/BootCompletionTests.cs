using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Systemd;

namespace VeilorQA.Harness.Tests.Guest.Systemd;

public class BootCompletionTests
{
    [Test]
    public async Task A_degraded_system_has_finished_starting_up()
    {
        var shell = new RecordedShell().Answer(BootCompletion.WaitCommand, "degraded\n", exitCode: 1);

        (await BootCompletion.WaitAsync(shell, TimeSpan.FromMinutes(1))).Should().Be("degraded");
    }

    [Test]
    public async Task A_command_the_shell_could_not_deliver_is_retried_until_systemd_answers()
    {
        var calls = 0;
        var shell = new RecordedShell().Answer(BootCompletion.WaitCommand, "running\n");
        shell.OnRun = _ =>
        {
            if (++calls == 1)
            {
                throw new IOException("Session operation has timed out");
            }
        };
        var time = new Wifi.SteppingTimeProvider();

        var state = await time.DriveAsync(BootCompletion.WaitAsync(shell, TimeSpan.FromMinutes(1), time), TimeSpan.FromSeconds(2));

        state.Should().Be("running");
        calls.Should().Be(2);
    }

    [Test]
    public async Task A_system_stuck_starting_up_times_out_with_the_state_it_reported()
    {
        var shell = new RecordedShell().Answer(BootCompletion.WaitCommand, "starting\n", exitCode: 1);
        var time = new Wifi.SteppingTimeProvider();

        var act = () => time.DriveAsync(BootCompletion.WaitAsync(shell, TimeSpan.FromSeconds(5), time), TimeSpan.FromSeconds(2));

        (await act.Should().ThrowAsync<WaitTimeoutException>()).Which.LastSeen.Should().Be("'starting' (exit 1)");
    }
}
