namespace VeilorQA.Harness.Guest.Sleep;

/// <summary>
/// What one suspend/resume cycle took. Null where the cycle never got that far.
/// </summary>
/// <param name="Cycle">1-based cycle number.</param>
/// <param name="SuspendEntry">Guest clock: the suspend request (a journal marker) to systemd-sleep entering the sleep state.</param>
/// <param name="Asleep">Guest clock: systemd-sleep entering the sleep state to the kernel's "PM: suspend exit" (wall time passes while suspended).</param>
/// <param name="Resume">Runner clock: the wake (external wake-up, or the RTC alarm's due time) to the shell answering again.</param>
/// <param name="Reconnect">Guest clock: systemd's "returned from sleep" to the station being connected again.</param>
/// <param name="Outcome">"passed", or what failed in the cycle.</param>
public sealed record SuspendCycleTimings(int Cycle, TimeSpan? SuspendEntry, TimeSpan? Asleep, TimeSpan? Resume, TimeSpan? Reconnect, string Outcome);
