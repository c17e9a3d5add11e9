namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A named virtio-serial port (guest: /dev/virtio-ports/NAME), e.g. Anaconda's log port.</summary>
/// <param name="Name">Port name the guest sees, e.g. <see cref="AnacondaLog"/>.</param>
/// <param name="Backend">File or unix socket on the host.</param>
/// <param name="HostPath">The host file or socket path.</param>
public sealed record ChannelSpec(string Name, ChannelBackend Backend, string HostPath)
{
    /// <summary>The port Anaconda forwards its log to when present.</summary>
    public const string AnacondaLog = "org.fedoraproject.anaconda.log.0";
}
