namespace VeilorQA.Harness.Doctor.Distribution;

/// <summary>
/// The packages <c>veilorqa doctor</c> names in its fixes, per distribution. scripts/setup.sh installs the same names;
/// a test checks each one appears in setup.sh's dry-run plan for that distribution.
/// </summary>
public static class RunnerPackages
{
    public static readonly PackageName Qemu = new("qemu-system-x86", "qemu-system-x86-core");
    public static readonly PackageName QemuImg = new("qemu-utils", "qemu-img");
    public static readonly PackageName Ovmf = new("ovmf", "edk2-ovmf");
    public static readonly PackageName Swtpm = new("swtpm", "swtpm");
    public static readonly PackageName SwtpmTools = new("swtpm-tools", "swtpm-tools");
    public static readonly PackageName LibvirtDaemon = new("libvirt-daemon-system", "libvirt-daemon-driver-qemu");
    public static readonly PackageName LibvirtClient = new("libvirt-clients", "libvirt-client");
    public static readonly PackageName ContainerEngine = new("docker.io", "podman");
    public static readonly PackageName Java = new("default-jre-headless", "java-25-openjdk-headless");
    public static readonly PackageName Mmdebstrap = new("mmdebstrap", "mmdebstrap");
    public static readonly PackageName Cryptsetup = new("cryptsetup-bin", "cryptsetup");
    public static readonly PackageName Mtools = new("mtools", "mtools");
    public static readonly PackageName Ostree = new("ostree", "ostree");
    public static readonly PackageName Ipmitool = new("ipmitool", "ipmitool");
    public static readonly PackageName OpensshServer = new("openssh-server", "openssh-server");
}
