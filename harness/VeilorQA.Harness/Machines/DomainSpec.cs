using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines;

/// <summary>Everything a VM is made of (firmware, TPM, disks, shares, consoles, network, boot), rendered by <see cref="DomainXmlWriter"/>.</summary>
/// <remarks>
/// Build one with <see cref="For"/> and the <see cref="DomainSpecBuilder"/>'s <c>With*</c> methods;
/// <see cref="DomainSpecBuilder.Build"/> validates. A copy made with <c>with { ... }</c> (e.g. a restored
/// copy with its own name, UUID and port) is not re-validated until <see cref="Validate"/> is called.
/// </remarks>
public sealed record DomainSpec
{
    /// <summary>Smallest and largest guest memory accepted, in MiB.</summary>
    public const int MinMemoryMiB = 128, MaxMemoryMiB = 65536;

    /// <summary>Largest vCPU count accepted.</summary>
    public const int MaxVCpus = 64;

    /// <summary>The run this VM belongs to; the reaper finds its leftovers by it.</summary>
    public required RunId Run { get; init; }

    /// <summary>Libvirt domain name, <c>veilorqa-&lt;runid&gt;-&lt;role&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Fixed domain UUID; libvirt keys the swtpm state folder by it.</summary>
    public required Guid Uuid { get; init; }

    public int MemoryMiB { get; init; } = 1024;

    public int VCpus { get; init; } = 2;

    public Accelerator Accelerator { get; init; } = Accelerator.Tcg;

    /// <summary>CPU model: null for the accelerator's default (host-passthrough on KVM, qemu64 on TCG), <c>max</c>, <c>host-passthrough</c> or a QEMU model name.</summary>
    public string? CpuModel { get; init; }

    public required FirmwareSpec Firmware { get; init; }

    /// <summary>swtpm TPM 2.0, or null for none.</summary>
    public TpmSpec? Tpm { get; init; } = new();

    /// <summary>Disks in boot order.</summary>
    public IReadOnlyList<DiskSpec> Disks { get; init; } = [];

    /// <summary>An installer ISO attached as a SATA CD-ROM (booted after the disks), or null.</summary>
    public string? InstallerIso { get; init; }

    public IReadOnlyList<ShareSpec> Shares { get; init; } = [];

    /// <summary>virtio-serial ports.</summary>
    public IReadOnlyList<ChannelSpec> Channels { get; init; } = [];

    /// <summary>ttyS0 on a unix socket with a log, or null.</summary>
    public SerialConsoleSpec? SerialConsole { get; init; }

    public VideoModel Video { get; init; } = VideoModel.Virtio;

    /// <summary>A qemu-xhci USB controller (needed for USB hot-plug).</summary>
    public bool UsbController { get; init; } = true;

    /// <summary>S3 (suspend to RAM) offered to the guest.</summary>
    public bool SuspendToMem { get; init; } = true;

    /// <summary>User-mode networking with loopback port forwards, or null for no NIC.</summary>
    public UserNetworkSpec? Network { get; init; }

    /// <summary>Direct kernel boot, or null to boot from the disks / ISO through the firmware.</summary>
    public KernelBootSpec? KernelBoot { get; init; }

    /// <summary>A guest reboot ends the domain (libvirt <c>on_reboot=destroy</c>) instead of restarting it: an installer's end is then one power-off whatever its kickstart says.</summary>
    public bool RebootPowersOff { get; init; }

    public SmbiosSpec Smbios { get; init; } = SmbiosSpec.Empty;

    /// <summary>Starts a spec for a VM of <paramref name="run"/>; <paramref name="role"/> makes the name unique within the run.</summary>
    public static DomainSpecBuilder For(RunId run, string role) => DomainSpecBuilder.Create(run, role);

    /// <summary>Host port forwarded to the guest's SSH port, or null.</summary>
    public int? SshHostPort => Network?.SshHostPort;

    /// <summary>Throws <see cref="InvalidDomainSpecException"/> naming the first field that cannot work.</summary>
    public void Validate() => DomainSpecValidator.Validate(this);
}
