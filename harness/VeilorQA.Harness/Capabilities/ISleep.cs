namespace VeilorQA.Harness.Capabilities;

/// <summary>
/// One suspend-to-RAM cycle of a target, the way a user takes it (<c>systemctl suspend</c>: logind, NetworkManager and
/// systemd-sleep all see it), woken by whatever the target has: a VM from outside, a laptop by its RTC alarm. A suite asks
/// for a cycle and gets its timings; it never knows which wake it got.
/// </summary>
public interface ISleep
{
    /// <summary>How this target wakes after <paramref name="sleep"/>, for the report (e.g. "external (PM wakeup)").</summary>
    string DescribeWake(TimeSpan sleep);

    /// <summary>
    /// Suspends the target, lets it sleep about <paramref name="sleep"/>, wakes it, and returns once the shell answers and the
    /// journal holds this cycle's resume. On a failure after the request the target is brought back where at all possible.
    /// </summary>
    /// <exception cref="SuspendNotEnteredException">The target kept answering: it did not suspend (a product failure).</exception>
    /// <exception cref="ResumeNotLoggedException">The shell is back but the journal shows no complete resume (a product failure).</exception>
    /// <exception cref="WaitTimeoutException">The shell did not come back after the wake: the target's state is unknown.</exception>
    Task<SleepCycle> SuspendAndResumeAsync(TimeSpan sleep, CancellationToken cancellationToken = default);
}
