using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines;

/// <summary>The files of one VM under its run folder: overlays, NVRAM copy, serial socket and log, channels, 9p shares; plus its TPM state.</summary>
/// <remarks>
/// The folder is <c>HarnessPaths.RunDirectory(run)/&lt;role&gt;</c> and belongs to the QEMU user so QEMU can
/// bind its sockets and write shares there. swtpm's state lives where libvirt 9.0 puts it, keyed by
/// <see cref="Uuid"/>; <see cref="Remove"/> deletes both and may be called any number of times.
/// </remarks>
public sealed class MachineFiles : IAsyncDisposable
{
    private MachineFiles(RunId run, string role, Guid uuid, string directory)
    {
        Run = run;
        Role = role;
        Uuid = uuid;
        Directory = directory;
    }

    public RunId Run { get; }

    /// <summary>The VM's role within the run (the last part of its name).</summary>
    public string Role { get; }

    /// <summary>The libvirt domain name these files belong to.</summary>
    public string DomainName => Run.Name(Role);

    /// <summary>The domain UUID; libvirt keeps the TPM state under it.</summary>
    public Guid Uuid { get; }

    /// <summary>The VM's folder.</summary>
    public string Directory { get; }

    /// <summary>This VM's UEFI vars (libvirt copies the template here on first start).</summary>
    public string NvramPath => Path.Combine(Directory, "VARS.fd");

    public string SerialSocketPath => Path.Combine(Directory, "serial.sock");

    public string SerialLogPath => Path.Combine(Directory, "serial.log");

    /// <summary>swtpm state folder of this VM (libvirt's location, keyed by <see cref="Uuid"/>).</summary>
    public string TpmStateDirectory => TpmSpec.StateDirectory(Uuid);

    /// <summary>Creates the folder of VM <paramref name="role"/> of <paramref name="run"/> (fresh UUID unless given).</summary>
    public static MachineFiles Create(RunId run, string role, Guid? uuid = null)
    {
        var directory = Path.Combine(HarnessPaths.RunDirectory(run), role);
        System.IO.Directory.CreateDirectory(directory);
        QemuProcessUser.HandOver(directory);
        return new MachineFiles(run, role, uuid ?? Guid.NewGuid(), directory);
    }

    /// <summary>A spec builder preset with this VM's name, UUID, NVRAM copy and serial console.</summary>
    public DomainSpecBuilder SpecBuilder(bool secureBoot = true) =>
        DomainSpec.For(Run, Role)
            .WithUuid(Uuid)
            .WithUefi(secureBoot, NvramPath)
            .WithSerialConsole(SerialSocketPath, SerialLogPath);

    /// <summary>Creates a qcow2 overlay named <paramref name="name"/> over <paramref name="basePath"/>; the base is only ever read.</summary>
    /// <param name="basePath">The image the overlay reads through to.</param>
    /// <param name="baseFormat">The base's format.</param>
    /// <param name="name">The overlay's file name in this VM's folder.</param>
    /// <param name="virtualSizeBytes">The disk size the guest sees (the base grown to it); the base's own size when null.</param>
    /// <param name="cancellationToken">Cancels qemu-img.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="virtualSizeBytes"/> is smaller than the base: the guest would lose its end.</exception>
    public async Task<string> CreateOverlayAsync(string basePath, DiskFormat baseFormat, string name = "disk0.qcow2", long? virtualSizeBytes = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(basePath))
        {
            throw new FileNotFoundException($"Base image '{basePath}' of the overlay does not exist.", basePath);
        }

        var format = baseFormat == DiskFormat.Qcow2 ? "qcow2" : "raw";
        if (virtualSizeBytes is { } wanted)
        {
            var info = await ExternalCommand.RunCheckedAsync("qemu-img", ["info", "--output=json", "-f", format, Path.GetFullPath(basePath)], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
            var baseSize = System.Text.Json.JsonDocument.Parse(info).RootElement.GetProperty("virtual-size").GetInt64();
            if (wanted < baseSize)
            {
                throw new ArgumentOutOfRangeException(nameof(virtualSizeBytes),
                    $"a system disk of {wanted} bytes is smaller than its base image {basePath} ({baseSize} bytes): the guest would lose the end of its disk");
            }
        }

        var overlay = Path.Combine(Directory, name);
        List<string> arguments = ["create", "-q", "-f", "qcow2", "-F", format, "-b", Path.GetFullPath(basePath), overlay];
        if (virtualSizeBytes is { } size)
        {
            arguments.Add(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await ExternalCommand.RunCheckedAsync("qemu-img", arguments, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        return overlay;
    }

    /// <summary>Creates an empty qcow2 disk of <paramref name="sizeBytes"/> named <paramref name="name"/> in this VM's folder.</summary>
    public async Task<string> CreateBlankDiskAsync(string name, long sizeBytes, CancellationToken cancellationToken = default)
    {
        var disk = Path.Combine(Directory, name);
        await ExternalCommand.RunCheckedAsync("qemu-img",
            ["create", "-q", "-f", "qcow2", disk, sizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        return disk;
    }

    /// <summary>Creates (empty) the host folder of the 9p share <paramref name="tag"/>, writable by QEMU.</summary>
    public string CreateShareDirectory(string tag)
    {
        var share = Path.Combine(Directory, "share-" + tag);
        System.IO.Directory.CreateDirectory(share);
        QemuProcessUser.HandOver(share);
        return share;
    }

    /// <summary>Host path of virtio-serial channel <paramref name="name"/> (a log file or a socket).</summary>
    public string ChannelPath(string name, ChannelBackend backend) =>
        Path.Combine(Directory, $"channel-{name}{(backend == ChannelBackend.File ? ".log" : ".sock")}");

    /// <summary>Deletes the folder, the TPM state and libvirt's logs of the domain; safe to call again or after a partial creation. Stop the domain first.</summary>
    public void Remove()
    {
        DeleteDirectory(Directory);
        DeleteDirectory(TpmStateDirectory);
        foreach (var log in LibvirtLogFiles())
        {
            File.Delete(log);
        }

        var runDirectory = HarnessPaths.RunDirectory(Run);
        if (System.IO.Directory.Exists(runDirectory) && !System.IO.Directory.EnumerateFileSystemEntries(runDirectory).Any())
        {
            DeleteDirectory(runDirectory);
        }
    }

    public ValueTask DisposeAsync()
    {
        Remove();
        return ValueTask.CompletedTask;
    }

    private static readonly string[] LibvirtLogDirectories = ["/var/log/libvirt/qemu", "/var/log/swtpm/libvirt/qemu"];

    // libvirt and swtpm keep a log per domain name outside our folder; they would outlive the run.
    private IEnumerable<string> LibvirtLogFiles() =>
        LibvirtLogDirectories
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, DomainName + "*.log*"))
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith(DomainName + ".log", StringComparison.Ordinal) || n.StartsWith(DomainName + "-swtpm.log", StringComparison.Ordinal)));

    private static void DeleteDirectory(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
