using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install;

/// <summary>What the serial console showed when the target disk of an install was booted alone (no ISO, no OEMDRV).</summary>
/// <param name="SystemLine">The first line showing that something installed started (GRUB, a kernel, the LUKS prompt), or null.</param>
/// <param name="FirmwareFoundNothing">OVMF said it found no bootable option or device.</param>
/// <param name="Watched">How long the boot was watched.</param>
/// <param name="LastLines">The last console lines seen (secrets masked).</param>
public sealed partial record DiskBootObservation(string? SystemLine, bool FirmwareFoundNothing, TimeSpan Watched, IReadOnlyList<string> LastLines)
{
    /// <summary>Something of an installed system ran from the disk.</summary>
    public bool SystemStartedFromDisk => SystemLine is not null;

    /// <summary>A line only a boot loader, kernel or initramfs of an installed system prints.</summary>
    public static bool SystemStarted(string line) => SystemMarkers().IsMatch(line);

    /// <summary>OVMF's "nothing to boot" (BdsDxe).</summary>
    public static bool NothingToBoot(string line) => line.Contains("No bootable option or device was found", StringComparison.Ordinal);

    public override string ToString() =>
        SystemLine is { } line
            ? $"the disk booted: '{line}'"
            : FirmwareFoundNothing
                ? "the firmware found nothing to boot (\"No bootable option or device was found\")"
                : $"nothing booted within {Watched.TotalSeconds:0} s (last line: '{(LastLines.Count > 0 ? LastLines[^1] : "none")}')";

    [GeneratedRegex(@"GNU GRUB|Booting `|Linux version \d|Please enter passphrase|Welcome to |systemd\[1\]: |EFI stub: |Loading Linux", RegexOptions.CultureInvariant)]
    private static partial Regex SystemMarkers();
}
