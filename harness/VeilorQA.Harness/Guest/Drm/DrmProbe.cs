using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.KernelCmdline;

namespace VeilorQA.Harness.Guest.Drm;

/// <summary>Reads DRM drivers, connectors and nomodeset evidence from sysfs and the kernel log.</summary>
public sealed class DrmProbe(IShell shell)
{
    /// <summary>One line per card (bound driver), connector (status, modes) and fbdev framebuffer (its name, e.g. "EFI VGA").</summary>
    public static readonly string ListSysfs = SysfsScript("/sys");

    /// <summary>dmesg needs root on hardened kernels (dmesg_restrict); the journal's kernel log is the fallback.</summary>
    public const string FindNomodesetMessages =
        "{ dmesg 2>/dev/null || journalctl -k -b 0 -o cat --no-pager 2>/dev/null; } | grep -F '" + DrmState.NomodesetMessage + "' || true";

    public async Task<DrmState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var (cards, connectors, framebuffers) = DrmSysfsListing.Parse(await shell.OutputOfAsync(ListSysfs, cancellationToken));
        var cmdline = KernelCommandLine.Parse(await shell.OutputOfAsync(KernelCmdlineProbe.ReadCmdline, cancellationToken));
        var messages = ProbeShell.Lines(await shell.OutputOfAsync(FindNomodesetMessages, cancellationToken)).ToList();
        return new DrmState(cards, connectors, framebuffers, cmdline.Has("nomodeset"), messages);
    }

    /// <summary>The listing script over a sysfs root; tests run it on a copy of a sysfs tree.</summary>
    internal static string SysfsScript(string sysRoot) =>
        $"for c in {sysRoot}/class/drm/card*; do [ -e \"$c\" ] || continue; n=${{c##*/}}; case $n in " +
        "*-*) printf 'connector %s %s %s\\n' \"$n\" \"$(cat \"$c/status\" 2>/dev/null || echo unknown)\" \"$(tr '\\n' ',' < \"$c/modes\" 2>/dev/null)\";; " +
        "*) d=$(readlink \"$c/device/driver\" 2>/dev/null); printf 'card %s %s\\n' \"$n\" \"${d##*/}\";; esac; done; " +
        $"for f in {sysRoot}/class/graphics/fb*; do [ -e \"$f/name\" ] && printf 'fb %s\\n' \"$(cat \"$f/name\")\"; done; true";
}
