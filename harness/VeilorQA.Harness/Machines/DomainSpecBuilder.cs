using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines;

/// <summary>Immutable builder of a <see cref="DomainSpec"/>: each <c>With*</c> returns a new builder; <see cref="Build"/> validates.</summary>
public sealed class DomainSpecBuilder
{
    private readonly DomainSpec _draft;

    private DomainSpecBuilder(DomainSpec draft) => this._draft = draft;

    internal static DomainSpecBuilder Create(RunId run, string role) =>
        new(new DomainSpec
        {
            Run = run,
            Name = run.Name(role),
            Uuid = Guid.NewGuid(),
            // No firmware until WithUefi/WithFirmware: the validator names the missing call.
            Firmware = new FirmwareSpec(SecureBoot: true, CodePath: string.Empty, VarsTemplatePath: string.Empty, NvramPath: string.Empty),
        });

    public DomainSpecBuilder WithUuid(Guid uuid) => With(d => d with { Uuid = uuid });

    public DomainSpecBuilder WithMemory(int mebibytes) => With(d => d with { MemoryMiB = mebibytes });

    public DomainSpecBuilder WithVCpus(int count) => With(d => d with { VCpus = count });

    /// <summary>The accelerator (normally <see cref="Machines.AcceleratorProbe"/>'s choice) and optionally a CPU model.</summary>
    public DomainSpecBuilder WithAccelerator(Accelerator accelerator, string? cpuModel = null) =>
        With(d => d with { Accelerator = accelerator, CpuModel = cpuModel });

    /// <summary>
    /// This host's OVMF (found through QEMU's firmware descriptors) with Secure Boot on (Microsoft keys enrolled) or off;
    /// <paramref name="nvramPath"/> is this VM's vars copy.
    /// </summary>
    /// <exception cref="InvalidDomainSpecException">No firmware descriptor fits; names the folders searched and the fix.</exception>
    public DomainSpecBuilder WithUefi(bool secureBoot, string nvramPath) =>
        With(d => d with { Firmware = FirmwareSpec.Ovmf(secureBoot, nvramPath) });

    public DomainSpecBuilder WithFirmware(FirmwareSpec firmware) => With(d => d with { Firmware = firmware });

    public DomainSpecBuilder WithTpm(bool persistentState = true) => With(d => d with { Tpm = new TpmSpec(persistentState) });

    public DomainSpecBuilder WithoutTpm() => With(d => d with { Tpm = null });

    /// <summary>Adds a disk after the existing ones (boot order follows).</summary>
    public DomainSpecBuilder WithDisk(DiskSpec disk) => With(d => d with { Disks = [.. d.Disks, disk] });

    public DomainSpecBuilder WithDisk(string path, DiskFormat format = DiskFormat.Qcow2, DiskBus bus = DiskBus.Virtio, bool readOnly = false, string? serial = null) =>
        WithDisk(new DiskSpec(path, format, bus, readOnly, serial));

    public DomainSpecBuilder WithInstallerIso(string isoPath) => With(d => d with { InstallerIso = isoPath });

    public DomainSpecBuilder WithShare(ShareSpec share) => With(d => d with { Shares = [.. d.Shares, share] });

    public DomainSpecBuilder WithShare(string hostDirectory, string tag, ShareAccessMode accessMode = ShareAccessMode.Mapped, bool readOnly = false) =>
        WithShare(new ShareSpec(hostDirectory, tag, accessMode, readOnly));

    public DomainSpecBuilder WithChannel(ChannelSpec channel) => With(d => d with { Channels = [.. d.Channels, channel] });

    public DomainSpecBuilder WithChannel(string name, ChannelBackend backend, string hostPath) => WithChannel(new ChannelSpec(name, backend, hostPath));

    public DomainSpecBuilder WithSerialConsole(string socketPath, string logPath) =>
        With(d => d with { SerialConsole = new SerialConsoleSpec(socketPath, logPath) });

    public DomainSpecBuilder WithVideo(VideoModel model) => With(d => d with { Video = model });

    public DomainSpecBuilder WithUsbController(bool enabled = true) => With(d => d with { UsbController = enabled });

    public DomainSpecBuilder WithSuspendToMem(bool enabled = true) => With(d => d with { SuspendToMem = enabled });

    /// <summary>User-mode networking with SSH forwarded from 127.0.0.1:<paramref name="sshHostPort"/> (a free port when null) plus <paramref name="extraForwards"/>.</summary>
    public DomainSpecBuilder WithUserNetwork(int? sshHostPort = null, params PortForward[] extraForwards) =>
        With(d => d with
        {
            Network = new UserNetworkSpec(
                [new PortForward(sshHostPort ?? LoopbackPort.Allocate(), 22), .. extraForwards],
                d.Network?.MacAddress ?? MacAddressFor(d.Uuid)),
        });

    public DomainSpecBuilder WithoutNetwork() => With(d => d with { Network = null });

    public DomainSpecBuilder WithKernelBoot(string kernelPath, string? initrdPath, string commandLine) =>
        With(d => d with { KernelBoot = new KernelBootSpec(kernelPath, initrdPath, commandLine) });

    /// <summary>Makes a guest reboot end the domain (an install's end: reboot or power-off, the domain stops either way).</summary>
    public DomainSpecBuilder WithRebootPoweringOff(bool enabled = true) => With(d => d with { RebootPowersOff = enabled });

    /// <summary>Adds an SMBIOS type 11 OEM string.</summary>
    public DomainSpecBuilder WithOemString(string value) =>
        With(d => d with { Smbios = d.Smbios with { OemStrings = [.. d.Smbios.OemStrings, value] } });

    /// <summary>Sets an SMBIOS type 1 field (<c>manufacturer, product, version, serial, sku, family</c>).</summary>
    public DomainSpecBuilder WithSystemInfo(string field, string value) =>
        With(d => d with { Smbios = d.Smbios with { System = new Dictionary<string, string>(d.Smbios.System) { [field] = value } } });

    /// <summary>Validates and returns the spec; throws <see cref="InvalidDomainSpecException"/> naming the field at fault.</summary>
    public DomainSpec Build()
    {
        _draft.Validate();
        return _draft;
    }

    private DomainSpecBuilder With(Func<DomainSpec, DomainSpec> change) => new(change(_draft));

    // A locally administered MAC derived from the UUID, so a spec renders the same XML every time.
    private static string MacAddressFor(Guid uuid)
    {
        var b = uuid.ToByteArray();
        return $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
    }
}
