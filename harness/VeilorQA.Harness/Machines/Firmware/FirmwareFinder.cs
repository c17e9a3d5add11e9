using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines.Firmware;

/// <summary>
/// Finds the OVMF build a VM needs through QEMU's firmware descriptors, as libvirt and QEMU do: descriptors in
/// <c>/etc/qemu/firmware</c> override same-named ones in <c>/usr/share/qemu/firmware</c> (an empty file masks one),
/// and the first match in file-name order wins. Works unchanged on Debian (<c>/usr/share/OVMF</c>, raw) and Fedora
/// (<c>/usr/share/edk2/ovmf</c>, qcow2 for the 4 MiB builds).
/// </summary>
/// <param name="searchDirectories">Descriptor folders, highest priority first.</param>
/// <param name="fileExists">Whether a firmware file a descriptor names is installed (tests describe another distribution's files).</param>
public sealed class FirmwareFinder(IReadOnlyList<string> searchDirectories, Func<string, bool>? fileExists = null)
{
    private readonly Func<string, bool> _fileExists = fileExists ?? File.Exists;

    /// <summary>The system search path, highest priority first (root's view; libvirt reads the same folders).</summary>
    public static readonly IReadOnlyList<string> SystemDirectories = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];

    /// <summary>
    /// The machine type matched against descriptor globs: the domain XML asks for <c>q35</c>, which libvirt expands to
    /// the newest <c>pc-q35-X.Y</c>; descriptors list globs such as <c>pc-q35-*</c> over those.
    /// </summary>
    public const string Q35Machine = "pc-q35-8.0";

    private static readonly Lazy<FirmwareFinder> Host = new(() => new FirmwareFinder(SystemDirectories));

    /// <summary>The finder over this machine's descriptor folders.</summary>
    public static FirmwareFinder ForThisHost => Host.Value;

    /// <summary>The folders searched, highest priority first.</summary>
    public IReadOnlyList<string> SearchDirectories { get; } = searchDirectories;

    /// <summary>Every descriptor in effect, in QEMU's priority order (file name), after overrides and masks.</summary>
    /// <exception cref="InvalidDataException">A descriptor is not valid JSON of the descriptor shape (names the file).</exception>
    public IReadOnlyList<FirmwareDescriptor> Descriptors()
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in SearchDirectories.Reverse().Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
            {
                byName[Path.GetFileName(file)] = file;
            }
        }

        return byName.Values
            .Where(file => new FileInfo(file).Length > 0)
            .Select(file => FirmwareDescriptor.Parse(File.ReadAllText(file), file))
            .ToList();
    }

    /// <summary>
    /// The UEFI pflash build for x86_64 q35 with Secure Boot and Microsoft's keys enrolled in its vars template
    /// (<paramref name="secureBoot"/>), or the plain build without Secure Boot; both with a vars template to copy.
    /// </summary>
    /// <returns>The chosen descriptor.</returns>
    /// <exception cref="InvalidDomainSpecException">No descriptor fits (or its files are missing); names each folder searched and what each descriptor lacked.</exception>
    public FirmwareDescriptor Find(bool secureBoot)
    {
        var rejected = new List<string>();
        foreach (var descriptor in Descriptors())
        {
            var why = WhyUnfit(descriptor, secureBoot);
            if (why is null)
            {
                return descriptor;
            }

            rejected.Add($"{Path.GetFileName(descriptor.Source)} ({why})");
        }

        var wanted = secureBoot ? "UEFI x86_64 q35 pflash with secure-boot + enrolled-keys and a vars template" : "UEFI x86_64 q35 pflash without secure-boot and with a vars template";
        var seen = rejected.Count == 0 ? "no descriptors there" : "seen: " + string.Join("; ", rejected);
        throw new InvalidDomainSpecException(
            "Firmware",
            $"no QEMU firmware descriptor describes {wanted}: searched {string.Join(" and ", SearchDirectories)}, {seen}; "
            + "install OVMF: Debian 'apt-get install -y ovmf', Fedora 'dnf install -y edk2-ovmf'");
    }

    /// <summary>The firmware spec of a VM whose vars copy is <paramref name="nvramPath"/>.</summary>
    public FirmwareSpec Spec(bool secureBoot, string nvramPath)
    {
        var found = Find(secureBoot);
        return new FirmwareSpec(secureBoot, found.Executable!.Path, found.NvramTemplate!.Path, nvramPath)
        {
            Format = found.Executable.Format,
            Descriptor = found.Source,
        };
    }

    private string? WhyUnfit(FirmwareDescriptor d, bool secureBoot)
    {
        if (!d.InterfaceTypes.Contains("uefi"))
        {
            return "not uefi";
        }

        if (d.Device != "flash" || d.Mode != "split" || d.Executable is null || d.NvramTemplate is null)
        {
            return $"device {d.Device}, mode {d.Mode}: no separate vars template";
        }

        if (!d.Runs("x86_64", Q35Machine))
        {
            return "not for x86_64 q35";
        }

        if (secureBoot && !(d.Has("secure-boot") && d.Has("enrolled-keys")))
        {
            return d.Has("secure-boot") ? "Secure Boot without enrolled keys" : "no Secure Boot";
        }

        if (!secureBoot && (d.Has("secure-boot") || d.Has("requires-smm")))
        {
            return "Secure Boot build";
        }

        if (d.Executable.Format != d.NvramTemplate.Format || d.Executable.Format is not (FirmwareImage.Raw or FirmwareImage.Qcow2))
        {
            return $"formats {d.Executable.Format}/{d.NvramTemplate.Format}";
        }

        foreach (var file in new[] { d.Executable.Path, d.NvramTemplate.Path })
        {
            if (!_fileExists(file))
            {
                return $"{file} missing";
            }
        }

        return null;
    }
}
