namespace VeilorQA.Harness.Capabilities;

/// <summary>A host folder the target writes its logs into (virtio-9p share <c>veilorqa-logs</c> on a VM).</summary>
public interface ILogShare
{
    /// <summary>The folder on the runner that the guest's share maps to.</summary>
    string HostDirectory { get; }

    /// <summary>The mount tag the guest mounts.</summary>
    string Tag { get; }
}
