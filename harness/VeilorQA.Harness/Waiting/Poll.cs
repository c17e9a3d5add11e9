using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Waiting;

/// <summary>
/// The harness's one wait: ask a probe until it says done, between asks wait an interval (optionally growing), and on
/// expiry throw a <see cref="WaitTimeoutException"/> that carries what the probe saw last.
/// </summary>
/// <remarks>
/// Immutable like Testcontainers' wait strategies: <c>new Poll("wifi to connect", budget).Every(500 ms)</c> describes a
/// wait, <c>UntilAsync</c> runs it. The probe always runs at least once, so a spent budget still gets one look
/// (a shell that comes back late can still show a state reached in time). The clock is a <see cref="TimeProvider"/> so
/// tests drive waits without sleeping.
/// </remarks>
public sealed record Poll
{
    /// <summary>The interval when none is chosen.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <param name="waitingFor">What the wait is for, as the timeout message finishes "waiting for …" (e.g. "wifi to connect").</param>
    /// <param name="timeout">How long the probe may keep saying "not yet"; zero still gets one look.</param>
    public Poll(string waitingFor, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(waitingFor);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        WaitingFor = waitingFor;
        Timeout = timeout;
    }

    /// <summary>What the wait is for; the timeout's <see cref="WaitTimeoutException.WaitedFor"/> adds how many times it looked.</summary>
    public string WaitingFor { get; }

    /// <summary>The budget, counted from the start of <c>UntilAsync</c>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The pause after the first "not yet" (default 1 s); never longer than what is left of the budget.</summary>
    public TimeSpan Interval { get; private init; } = DefaultInterval;

    /// <summary>Each later pause is the previous one times this (default 1: a fixed interval), up to <see cref="MaxInterval"/>.</summary>
    public double Backoff { get; private init; } = 1;

    /// <summary>The longest pause a <see cref="Backoff"/> grows to (default: <see cref="Interval"/>, i.e. no growth).</summary>
    public TimeSpan? MaxInterval { get; private init; }

    /// <summary>The clock (default: the system's).</summary>
    public TimeProvider Time { get; private init; } = TimeProvider.System;

    /// <summary>Which exceptions of the probe mean "not yet" (their first message line becomes what was seen); others end the wait.</summary>
    public Func<Exception, bool> NotYetOn { get; private init; } = static _ => false;

    /// <summary>A fixed pause between looks.</summary>
    public Poll Every(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return this with { Interval = interval };
    }

    /// <summary>Pauses that start at <paramref name="first"/> and double up to <paramref name="max"/> (a target that is still booting).</summary>
    public Poll WithBackoff(TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        return this with { Interval = first, Backoff = 2, MaxInterval = max };
    }

    /// <summary>Runs on <paramref name="time"/> (a fake one in tests).</summary>
    public Poll On(TimeProvider? time) => time is null ? this : this with { Time = time };

    /// <summary>Also takes a <typeparamref name="TException"/> from the probe as "not yet" (a channel that could not deliver the read).</summary>
    /// <param name="when">Narrows it further; null takes every <typeparamref name="TException"/>.</param>
    public Poll RetryingOn<TException>(Func<TException, bool>? when = null)
        where TException : Exception
    {
        var before = NotYetOn;
        return this with { NotYetOn = e => before(e) || (e is TException t && (when is null || when(t))) };
    }

    /// <summary>Asks <paramref name="probe"/> until it is done.</summary>
    /// <returns>The probe's value, how long it took and how many looks.</returns>
    /// <exception cref="WaitTimeoutException">The budget ran out; carries what the probe saw last.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (never turned into a timeout).</exception>
    public async Task<Polled<T>> UntilAsync<T>(Func<PollAttempt, CancellationToken, Task<PollOutcome<T>>> probe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var started = Time.GetTimestamp();
        var interval = Interval;
        var lastSeen = "(nothing seen yet)";
        for (var polls = 1; ; polls++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = Time.GetElapsedTime(started);
            TimeSpan? retryAfter = null;
            try
            {
                var outcome = await probe(new PollAttempt(polls, elapsed, Timeout - elapsed), cancellationToken);
                if (outcome.IsDone)
                {
                    return new Polled<T>(outcome.Value!, Time.GetElapsedTime(started), polls);
                }

                lastSeen = outcome.Seen;
                retryAfter = outcome.RetryAfter;
            }
            catch (Exception e) when (e is not OperationCanceledException && NotYetOn(e))
            {
                lastSeen = $"(not read: {e.GetType().Name}: {FirstLine(e.Message)})";
            }

            var remaining = Timeout - Time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new WaitTimeoutException($"{WaitingFor} (polled {polls}×)", Timeout, lastSeen);
            }

            var pause = retryAfter ?? interval;
            await Task.Delay(pause < remaining ? pause : remaining, Time, cancellationToken);
            if (retryAfter is null)
            {
                var grown = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * Backoff, (MaxInterval ?? Interval).Ticks));
                interval = grown > interval ? grown : interval;
            }
        }
    }

    /// <summary>As <c>UntilAsync</c> for a probe that needs no attempt number or remaining time.</summary>
    public Task<Polled<T>> UntilAsync<T>(Func<CancellationToken, Task<PollOutcome<T>>> probe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return UntilAsync((_, ct) => probe(ct), cancellationToken);
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}
