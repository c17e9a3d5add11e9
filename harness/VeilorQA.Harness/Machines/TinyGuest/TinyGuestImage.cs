namespace VeilorQA.Harness.Machines.TinyGuest;

/// <summary>A built tiny boot guest: Debian's kernel, a busybox + dropbear initramfs, and the SSH key that logs in as root.</summary>
/// <param name="KernelPath">Debian's signed kernel image.</param>
/// <param name="InitrdPath">The initramfs (gzip cpio).</param>
/// <param name="SshPrivateKeyPath">OpenSSH ed25519 private key accepted for root.</param>
/// <param name="KernelVersion">e.g. <c>6.1.0-56-amd64</c>.</param>
/// <param name="Directory">The cache folder holding it all.</param>
public sealed record TinyGuestImage(string KernelPath, string InitrdPath, string SshPrivateKeyPath, string KernelVersion, string Directory)
{
    /// <summary>Printed on ttyS0 once the guest's network and SSH server are up.</summary>
    public const string ReadyMarker = "VEILORQA-TINY-READY";

    /// <summary>The 9p tag the guest mounts at <see cref="LogsMountPoint"/> when the VM exports it.</summary>
    public const string LogsTag = "veilorqa-logs";

    public const string LogsMountPoint = "/mnt/veilorqa-logs";

    /// <summary>Guest user for SSH.</summary>
    public const string SshUser = "root";

    /// <summary>A kernel command line for serial-console use; <paramref name="extra"/> is appended.</summary>
    public static string KernelCommandLine(string extra = "") =>
        ("console=ttyS0,115200 panic=-1 loglevel=4 " + extra).Trim();
}
