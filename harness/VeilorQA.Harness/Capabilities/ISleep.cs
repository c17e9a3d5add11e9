namespace VeilorQA.Harness.Capabilities;

/// <summary>Suspend-to-RAM and wake-up of a target.</summary>
public interface ISleep
{
    /// <summary>True when the harness can wake the target from outside (VM PM wakeup); otherwise suites use rtcwake.</summary>
    bool CanWakeExternally { get; }

    /// <summary>Wakes a suspended target from outside.</summary>
    Task WakeAsync(CancellationToken cancellationToken = default);
}
