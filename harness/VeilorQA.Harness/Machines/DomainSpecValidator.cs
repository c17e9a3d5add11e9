using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines;

/// <summary>Checks a <see cref="DomainSpec"/> against the host before libvirt sees it, so a bad path fails with its field's name.</summary>
internal static partial class DomainSpecValidator
{
    // sun_path is 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;

    public static void Validate(DomainSpec spec)
    {
        CheckName(spec);
        Require(spec.MemoryMiB is >= DomainSpec.MinMemoryMiB and <= DomainSpec.MaxMemoryMiB, "MemoryMiB",
            $"{spec.MemoryMiB} MiB is out of range {DomainSpec.MinMemoryMiB}..{DomainSpec.MaxMemoryMiB} MiB");
        Require(spec.VCpus is >= 1 and <= DomainSpec.MaxVCpus, "VCpus", $"{spec.VCpus} is out of range 1..{DomainSpec.MaxVCpus}");
        Require(spec.CpuModel is null || CpuModelPattern().IsMatch(spec.CpuModel), "CpuModel", $"'{spec.CpuModel}' is not a CPU model name");
        CheckFirmware(spec.Firmware);
        CheckDisks(spec);
        if (spec.InstallerIso is { } iso)
        {
            CheckIso(iso);
        }

        CheckShares(spec.Shares);
        CheckChannels(spec.Channels);
        if (spec.SerialConsole is { } serial)
        {
            CheckSocket("SerialConsole.SocketPath", serial.SocketPath);
            CheckCreatable("SerialConsole.LogPath", serial.LogPath);
        }

        if (spec.Network is { } network)
        {
            CheckNetwork(network);
        }

        if (spec.KernelBoot is { } boot)
        {
            CheckFile("KernelBoot.KernelPath", boot.KernelPath, "kernel");
            if (boot.InitrdPath is not null)
            {
                CheckFile("KernelBoot.InitrdPath", boot.InitrdPath, "initrd");
            }

            Require(!boot.CommandLine.Any(char.IsControl), "KernelBoot.CommandLine", "contains control characters");
        }

        CheckSmbios(spec.Smbios);
    }

    private static void CheckName(DomainSpec spec)
    {
        var prefix = spec.Run.ResourcePrefix + "-";
        Require(spec.Name.StartsWith(prefix, StringComparison.Ordinal) && spec.Name.Length > prefix.Length, "Name",
            $"'{spec.Name}' must start with '{prefix}' followed by a role, so the reaper can find it");
        Require(NamePattern().IsMatch(spec.Name), "Name", $"'{spec.Name}' may only hold lowercase letters, digits and '-' (at most 64)");
        Require(spec.Uuid != Guid.Empty, "Uuid", "is empty; libvirt keys the TPM state by it");
    }

    private static void CheckFirmware(FirmwareSpec firmware)
    {
        Require(!string.IsNullOrWhiteSpace(firmware.CodePath), "Firmware", "is not set; call WithUefi(secureBoot, nvramPath) or WithFirmware(...)");
        CheckFile("Firmware.CodePath", firmware.CodePath, "OVMF firmware code (Debian package 'ovmf', Fedora 'edk2-ovmf')");
        CheckFile("Firmware.VarsTemplatePath", firmware.VarsTemplatePath, "OVMF vars template (Debian package 'ovmf', Fedora 'edk2-ovmf')");
        Require(!string.IsNullOrWhiteSpace(firmware.NvramPath), "Firmware.NvramPath", "is not set; every VM needs its own copy of the UEFI vars (WithUefi(secureBoot, nvramPath))");
        CheckCreatable("Firmware.NvramPath", firmware.NvramPath);
    }

    private static void CheckDisks(DomainSpec spec)
    {
        for (var i = 0; i < spec.Disks.Count; i++)
        {
            var disk = spec.Disks[i];
            var field = $"Disks[{i}].Path";
            CheckFile(field, disk.Path, "disk image");
            if (disk.Format == DiskFormat.Qcow2)
            {
                Require(StartsWith(disk.Path, 0, [0x51, 0x46, 0x49, 0xFB]), field, $"'{disk.Path}' is not a qcow2 image (use DiskFormat.Raw for raw images)");
            }

            Require(disk.Serial is null || SerialPattern().IsMatch(disk.Serial), $"Disks[{i}].Serial", $"'{disk.Serial}' must be 1-20 letters, digits, '-' or '_'");
        }

        Require(spec.Disks.Select(d => Path.GetFullPath(d.Path)).Distinct().Count() == spec.Disks.Count, "Disks", "the same image is attached twice");
    }

    private static void CheckIso(string iso)
    {
        CheckFile("InstallerIso", iso, "installer ISO");
        // ISO 9660 primary volume descriptor: "CD001" at byte 32769 (also present in hybrid ISOs).
        Require(StartsWith(iso, 32769, "CD001"u8), "InstallerIso", $"'{iso}' is not an ISO 9660 image (no CD001 volume descriptor)");
    }

    private static void CheckShares(IReadOnlyList<ShareSpec> shares)
    {
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            Require(Directory.Exists(share.HostDirectory), $"Shares[{i}].HostDirectory", $"folder '{share.HostDirectory}' does not exist");
            Require(TagPattern().IsMatch(share.Tag), $"Shares[{i}].Tag", $"'{share.Tag}' must be 1-31 letters, digits, '.', '_' or '-'");
        }

        Require(shares.Select(s => s.Tag).Distinct(StringComparer.Ordinal).Count() == shares.Count, "Shares", "two shares have the same tag");
    }

    private static void CheckChannels(IReadOnlyList<ChannelSpec> channels)
    {
        for (var i = 0; i < channels.Count; i++)
        {
            var channel = channels[i];
            Require(ChannelNamePattern().IsMatch(channel.Name), $"Channels[{i}].Name", $"'{channel.Name}' must be letters, digits, '.', '_' or '-'");
            if (channel.Backend == ChannelBackend.UnixSocket)
            {
                CheckSocket($"Channels[{i}].HostPath", channel.HostPath);
            }
            else
            {
                CheckCreatable($"Channels[{i}].HostPath", channel.HostPath);
            }
        }

        Require(channels.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() == channels.Count, "Channels", "two channels have the same name");
    }

    private static void CheckNetwork(UserNetworkSpec network)
    {
        foreach (var forward in network.Forwards)
        {
            Require(forward.HostPort is >= 1 and <= 65535, "Network.Forwards", $"host port {forward.HostPort} is out of range 1..65535");
            Require(forward.GuestPort is >= 1 and <= 65535, "Network.Forwards", $"guest port {forward.GuestPort} is out of range 1..65535");
        }

        Require(network.Forwards.Select(f => f.HostPort).Distinct().Count() == network.Forwards.Count, "Network.Forwards", "a host port is forwarded twice");
        Require(MacPattern().IsMatch(network.MacAddress), "Network.MacAddress", $"'{network.MacAddress}' is not a MAC address like 52:54:00:12:34:56");
    }

    private static void CheckSmbios(SmbiosSpec smbios)
    {
        foreach (var (field, value) in smbios.System)
        {
            Require(SmbiosSpec.SystemFields.Contains(field), $"Smbios.System[{field}]", $"unknown type 1 field; use one of {string.Join(", ", SmbiosSpec.SystemFields)}");
            Require(value.Length > 0 && !value.Any(char.IsControl), $"Smbios.System[{field}]", "is empty or holds control characters");
        }

        for (var i = 0; i < smbios.OemStrings.Count; i++)
        {
            Require(smbios.OemStrings[i].Length > 0 && !smbios.OemStrings[i].Any(char.IsControl), $"Smbios.OemStrings[{i}]", "is empty or holds control characters");
        }
    }

    private static void CheckFile(string field, string path, string what)
    {
        Require(!string.IsNullOrWhiteSpace(path), field, $"no {what} path given");
        Require(Path.IsPathRooted(path), field, $"'{path}' is not an absolute path (libvirtd does not share our working folder)");
        Require(File.Exists(path), field, $"{what} '{path}' does not exist");
    }

    private static void CheckCreatable(string field, string path)
    {
        Require(Path.IsPathRooted(path), field, $"'{path}' is not an absolute path");
        var folder = Path.GetDirectoryName(path);
        Require(folder is not null && Directory.Exists(folder), field, $"folder '{folder}' does not exist");
    }

    private static void CheckSocket(string field, string path)
    {
        CheckCreatable(field, path);
        Require(Encoding.UTF8.GetByteCount(path) <= MaxSocketPathBytes, field, $"'{path}' is longer than the {MaxSocketPathBytes}-byte unix socket path limit");
    }

    private static bool StartsWith(string path, long offset, ReadOnlySpan<byte> magic)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length < offset + magic.Length)
        {
            return false;
        }

        stream.Position = offset;
        Span<byte> buffer = stackalloc byte[magic.Length];
        stream.ReadExactly(buffer);
        return buffer.SequenceEqual(magic);
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new InvalidDomainSpecException(field, problem);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,31}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ChannelNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    private static partial Regex SerialPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex CpuModelPattern();

    [GeneratedRegex("^([0-9a-f]{2}:){5}[0-9a-f]{2}$")]
    private static partial Regex MacPattern();
}
