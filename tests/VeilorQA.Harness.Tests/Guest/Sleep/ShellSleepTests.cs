using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Sleep;
using VeilorQA.Harness.Tests.Waiting;

namespace VeilorQA.Harness.Tests.Guest.Sleep;

public class ShellSleepTests
{
    private static readonly TimeSpan Sleep = TimeSpan.FromSeconds(20);

    [Test]
    public async Task An_rtc_alarm_cycle_arms_the_alarm_with_the_suspend_and_times_the_cycle_from_the_journal()
    {
        var shell = new SuspendingShell();
        var time = new PausingTimeProvider();
        var sleep = new RtcAlarmSleep(() => shell, asRoot: true, timeProvider: time);

        var cycle = await time.DriveAsync(sleep.SuspendAndResumeAsync(Sleep));

        shell.Commands.Should().Contain(c => c.StartsWith("logger -t veilorqa-qa '", StringComparison.Ordinal)
            && c.EndsWith("' && rtcwake -m no -s 110 && systemd-run --no-block --collect --on-active=1 --timer-property=AccuracySec=100ms systemctl suspend", StringComparison.Ordinal));
        shell.Reconnects.Should().Be(1);
        time.Pauses.Should().Contain(p => p >= TimeSpan.FromSeconds(105), "the shell is only asked back once the alarm is due");
        cycle.SuspendEntry.Should().Be(TimeSpan.FromSeconds(0.5));
        cycle.Asleep.Should().Be(TimeSpan.FromSeconds(7));
        cycle.ResumedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1764110010));
        cycle.Resume.Should().BeGreaterThanOrEqualTo(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(5));
        cycle.Log.Should().Contain(l => l.StartsWith("the shell fell silent", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_target_that_keeps_answering_did_not_suspend_and_the_journal_since_the_request_comes_with_it()
    {
        var shell = new SuspendingShell { NeverSuspends = true };
        var time = new PausingTimeProvider();
        var sleep = new RtcAlarmSleep(() => shell, asRoot: true, timeProvider: time);

        var act = () => time.DriveAsync(sleep.SuspendAndResumeAsync(Sleep));

        var thrown = (await act.Should().ThrowAsync<SuspendNotEnteredException>()).Which;
        thrown.Budget.Should().Be(TimeSpan.FromSeconds(90));
        thrown.Journal.Should().Contain("veilorqa-qa[811]: suspend requested ");
        shell.Reconnects.Should().Be(0, "an awake target needs no bringing back");
    }

    [Test]
    public async Task A_journal_without_the_kernels_resume_is_no_resume()
    {
        var shell = new SuspendingShell { KernelExitMissing = true };
        var time = new PausingTimeProvider();
        var sleep = new RtcAlarmSleep(() => shell, asRoot: true, timeProvider: time);

        var act = () => time.DriveAsync(sleep.SuspendAndResumeAsync(Sleep));

        (await act.Should().ThrowAsync<ResumeNotLoggedException>()).Which.Markers.Should().Contain("missing kernel 'PM: suspend exit'");
    }

    [Test]
    public async Task A_target_that_never_answers_after_the_alarm_is_a_timeout_that_says_it_could_not_be_brought_back()
    {
        var shell = new SuspendingShell { NeverWakes = true };
        var time = new PausingTimeProvider();
        var sleep = new RtcAlarmSleep(() => shell, asRoot: false, timeProvider: time);

        var act = () => time.DriveAsync(sleep.SuspendAndResumeAsync(Sleep));

        var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.WaitedFor.Should().Be("the shell to answer after the RTC alarm was due");
        thrown.LastSeen.Should().Contain("connection refused");
        thrown.Data[ShellSleep.NotBroughtBackKey].Should().BeOfType<string>().Which.Should().Contain("no shell after the alarm");
        shell.Commands.Should().Contain(c => c.Contains("&& sudo -n rtcwake -m no -s 110 && sudo -n systemd-run", StringComparison.Ordinal));
    }
}
