namespace VeilorQA.Harness.Waiting;

/// <summary>What one look of a <see cref="Poll"/> found: done with a value, or not yet with what it saw.</summary>
/// <typeparam name="T">The value the wait returns when done.</typeparam>
public readonly record struct PollOutcome<T>
{
    private PollOutcome(bool isDone, T? value, string seen, TimeSpan? retryAfter)
    {
        IsDone = isDone;
        Value = value;
        Seen = seen;
        RetryAfter = retryAfter;
    }

    public bool IsDone { get; }

    public T? Value { get; }

    /// <summary>What this look saw; the timeout message carries the last one.</summary>
    public string Seen { get; }

    /// <summary>When the probe knows better than the poll's interval when to look again (e.g. when a quiet spell would end).</summary>
    public TimeSpan? RetryAfter { get; }

    public static PollOutcome<T> Done(T value) => new(true, value, string.Empty, null);

    /// <param name="seen">What the look saw (redacted, short: it goes into a failure message).</param>
    /// <param name="retryAfter">Look again after this instead of the poll's interval.</param>
    public static PollOutcome<T> NotYet(string seen, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (retryAfter is { } after)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(after, TimeSpan.Zero);
        }

        return new(false, default, seen, retryAfter);
    }
}
