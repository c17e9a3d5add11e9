namespace VeilorQA.Harness.Targets.Power;

/// <summary>A power adapter that can say whether the machine is on (IPMI can; a smart-plug command usually cannot).</summary>
public interface IPowerStatus
{
    /// <summary>Asks the adapter for the current power state.</summary>
    Task<PowerState> GetStateAsync(CancellationToken cancellationToken = default);
}
