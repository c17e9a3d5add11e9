using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Tests.Waiting;

public class PollTests
{
    [Test]
    public async Task A_wait_that_times_out_carries_what_the_probe_saw_last_and_how_often_it_looked()
    {
        var time = new PausingTimeProvider();
        var looks = 0;
        var wait = new Poll("the door to open", TimeSpan.FromSeconds(5)).Every(TimeSpan.FromSeconds(1)).On(time)
            .UntilAsync(_ => Task.FromResult(PollOutcome<string>.NotYet($"closed (look {++looks})")));

        var act = () => time.DriveAsync(wait);

        var thrown = (await act.Should().ThrowAsync<WaitTimeoutException>()).Which;
        thrown.LastSeen.Should().Be("closed (look 6)");
        thrown.WaitedFor.Should().Be("the door to open (polled 6×)");
        thrown.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        thrown.Message.Should().Contain("Timed out after 5 s waiting for the door to open (polled 6×)").And.Contain("closed (look 6)");
    }

    [Test]
    public async Task A_wait_looks_again_after_each_interval_and_returns_the_value_with_its_time_and_looks()
    {
        var time = new PausingTimeProvider();
        var seenAt = new List<TimeSpan>();
        var started = time.GetUtcNow();
        var wait = new Poll("the third look", TimeSpan.FromMinutes(1)).Every(TimeSpan.FromMilliseconds(500)).On(time)
            .UntilAsync((attempt, _) =>
            {
                seenAt.Add(time.GetUtcNow() - started);
                return Task.FromResult(attempt.Number == 3 ? PollOutcome<int>.Done(42) : PollOutcome<int>.NotYet("not the third"));
            });

        var polled = await time.DriveAsync(wait);

        polled.Value.Should().Be(42);
        polled.Polls.Should().Be(3);
        polled.Elapsed.Should().Be(TimeSpan.FromSeconds(1));
        seenAt.Should().Equal(TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        time.Pauses.Should().Equal(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    [Test]
    public async Task A_backoff_doubles_the_pause_up_to_its_cap_and_the_last_pause_ends_at_the_deadline()
    {
        var time = new PausingTimeProvider();
        var wait = new Poll("SSH", TimeSpan.FromSeconds(20)).WithBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)).On(time)
            .UntilAsync(_ => Task.FromResult(PollOutcome<bool>.NotYet("connection refused")));

        var act = () => time.DriveAsync(wait);

        await act.Should().ThrowAsync<WaitTimeoutException>();
        time.Pauses.Should().Equal(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4),
            TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task A_probe_that_knows_when_to_look_again_overrides_the_interval()
    {
        var time = new PausingTimeProvider();
        var wait = new Poll("quiet", TimeSpan.FromSeconds(30)).On(time)
            .UntilAsync((attempt, _) => Task.FromResult(attempt.Number == 2 ? PollOutcome<bool>.Done(true) : PollOutcome<bool>.NotYet("output 1 s ago", TimeSpan.FromSeconds(7))));

        (await time.DriveAsync(wait)).Elapsed.Should().Be(TimeSpan.FromSeconds(7));
        time.Pauses.Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Test]
    public async Task Cancelling_ends_the_wait_with_a_cancellation_not_a_timeout()
    {
        var time = new PausingTimeProvider();
        using var cancel = new CancellationTokenSource();
        var wait = new Poll("something that never comes", TimeSpan.FromMinutes(10)).On(time)
            .UntilAsync(_ => Task.FromResult(PollOutcome<bool>.NotYet("nothing")), cancel.Token);

        var act = () => time.DriveAsync(wait, beforeEachPause: n =>
        {
            if (n == 3)
            {
                cancel.Cancel();
            }
        });

        await act.Should().ThrowAsync<OperationCanceledException>();
        time.Pauses.Should().HaveCount(3);
    }

    [Test]
    public async Task An_exception_the_wait_retries_on_is_a_not_yet_and_its_message_is_what_was_seen()
    {
        var time = new PausingTimeProvider();
        var wait = new Poll("nmcli", TimeSpan.FromSeconds(2)).On(time).RetryingOn<IOException>()
            .UntilAsync<bool>(_ => throw new IOException("Session operation has timed out\nstack noise"));

        var act = () => time.DriveAsync(wait);

        (await act.Should().ThrowAsync<WaitTimeoutException>()).Which.LastSeen.Should().Be("(not read: IOException: Session operation has timed out)");
    }

    [Test]
    public async Task Any_other_exception_of_the_probe_ends_the_wait_at_once()
    {
        var time = new PausingTimeProvider();
        var wait = new Poll("a key", TimeSpan.FromSeconds(30)).On(time).RetryingOn<IOException>()
            .UntilAsync<bool>(_ => throw new UnauthorizedAccessException("permission denied (publickey)"));

        var act = () => time.DriveAsync(wait);

        await act.Should().ThrowAsync<UnauthorizedAccessException>();
        time.Pauses.Should().BeEmpty();
    }

    [Test]
    public async Task A_spent_budget_still_gets_one_look()
    {
        var looks = 0;

        var polled = await new Poll("one look", TimeSpan.Zero).UntilAsync(_ => Task.FromResult(++looks == 1 ? PollOutcome<int>.Done(7) : PollOutcome<int>.NotYet("again")));

        polled.Value.Should().Be(7);
        looks.Should().Be(1);
    }

    [Test]
    public void A_poll_with_a_negative_budget_or_no_description_is_refused()
    {
        var negative = () => new Poll("x", TimeSpan.FromSeconds(-1));
        var unnamed = () => new Poll(" ", TimeSpan.FromSeconds(1));
        var noInterval = () => new Poll("x", TimeSpan.FromSeconds(1)).Every(TimeSpan.Zero);

        negative.Should().Throw<ArgumentOutOfRangeException>();
        unnamed.Should().Throw<ArgumentException>();
        noInterval.Should().Throw<ArgumentOutOfRangeException>();
    }
}
