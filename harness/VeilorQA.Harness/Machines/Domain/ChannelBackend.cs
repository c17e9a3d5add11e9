namespace VeilorQA.Harness.Machines.Domain;

/// <summary>Where the host end of a virtio-serial channel goes.</summary>
public enum ChannelBackend
{
    /// <summary>Everything the guest writes is appended to a host file (read-only for the guest's purposes).</summary>
    File,

    /// <summary>A unix socket QEMU listens on; the host can read and write.</summary>
    UnixSocket,
}
