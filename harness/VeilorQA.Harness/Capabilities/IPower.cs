namespace VeilorQA.Harness.Capabilities;

/// <summary>Power control of a target (libvirt for VMs; command or IPMI adapters for laptops).</summary>
public interface IPower
{
    Task PowerOnAsync(CancellationToken cancellationToken = default);

    /// <summary>Asks the OS to shut down; forces power off after <paramref name="grace"/>.</summary>
    Task PowerOffAsync(TimeSpan grace, CancellationToken cancellationToken = default);

    /// <summary>Hard reset (no OS shutdown).</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);
}
