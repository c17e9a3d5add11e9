namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>How long each stage of a suspend cycle may take; every default is what a TCG reference guest on a loaded 2-core runner needed.</summary>
public sealed record SleepBudgets
{
    /// <summary>The shell may keep answering this long after the request before "it did not suspend" (default 90 s: a TCG guest's first entry took 44-51 s).</summary>
    public TimeSpan SuspendEntry { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>One "is the shell still there" look (default 4 s); a look that gets no answer in time means it fell silent.</summary>
    public TimeSpan SilenceProbe { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Wake to shell answering (default 3 min: the target's resume timeout).</summary>
    public TimeSpan Resume { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>One reconnect attempt after an external wake before the wake is sent again (default 40 s).</summary>
    public TimeSpan WakeAttempt { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>A wake the target refuses (a VM still entering S3 is not "suspended" yet) is sent again after this (default 2 s)…</summary>
    public TimeSpan WakeRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>…for at most this long (default 90 s); then the harness tries to reconnect anyway.</summary>
    public TimeSpan WakeRefusal { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Shell back to both resume markers in the journal (default 30 s).</summary>
    public TimeSpan ResumeMarkers { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a budget is not positive, naming it.</summary>
    public SleepBudgets Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(SuspendEntry), SuspendEntry), (nameof(SilenceProbe), SilenceProbe), (nameof(Resume), Resume),
                     (nameof(WakeAttempt), WakeAttempt), (nameof(WakeRetry), WakeRetry), (nameof(WakeRefusal), WakeRefusal),
                     (nameof(ResumeMarkers), ResumeMarkers),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, $"sleep budget {name} must be positive");
            }
        }

        return this;
    }
}
