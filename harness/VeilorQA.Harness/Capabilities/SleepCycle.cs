namespace VeilorQA.Harness.Capabilities;

/// <summary>What one <see cref="ISleep"/> cycle took; null where the journal did not say.</summary>
/// <param name="SuspendEntry">Guest clock: the suspend request (a journal marker) to systemd-sleep entering the sleep state.</param>
/// <param name="Asleep">Guest clock: systemd-sleep entering the sleep state to the kernel's "PM: suspend exit".</param>
/// <param name="Resume">Runner clock: the wake (an accepted external wake-up, or the RTC alarm's due time) to the shell answering.</param>
/// <param name="ResumedAt">Guest clock: systemd's "System returned from sleep" (where budgets after a resume start).</param>
/// <param name="Log">What happened on the way (when the shell fell silent, each wake and reconnect attempt), one line each.</param>
public sealed record SleepCycle(
    TimeSpan? SuspendEntry,
    TimeSpan? Asleep,
    TimeSpan Resume,
    DateTimeOffset ResumedAt,
    IReadOnlyList<string> Log);
