using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>USBGuard daemon state, rules and devices, plus the kernel's own view in sysfs.</summary>
public sealed class UsbGuardProbe(IShell shell)
{
    public const string IsDaemonActive = "systemctl is-active usbguard.service";

    public const string ListDevices = "usbguard list-devices";

    public const string ListRules = "usbguard list-rules";

    public const string RulesFile = "/etc/usbguard/rules.conf";

    public const string ReadRulesFile = "cat " + RulesFile;

    /// <summary>Tab-separated port, VVVV:PPPP, authorized, product, serial (last: it may hold spaces).</summary>
    public static readonly string ListSysfsDevices = SysfsScript("/sys");

    /// <summary>lsblk's raw mode escapes spaces as <c>\x20</c>, so a line splits cleanly on spaces.</summary>
    public const string ListBlockDevices = "lsblk -dnr -o NAME,TRAN,SERIAL";

    /// <summary><c>systemctl is-active</c> exits non-zero for anything but active; the word it prints is the state.</summary>
    public async Task<string> DaemonStateAsync(CancellationToken cancellationToken = default) =>
        (await shell.ResultOfAsync(IsDaemonActive, cancellationToken)).StandardOutput.Trim();

    public async Task<IReadOnlyList<UsbDevice>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        UsbGuardRuleParser.ParseListDevices(await shell.OutputOfAsync(ListDevices, cancellationToken));

    /// <summary>The rules the running daemon enforces.</summary>
    public async Task<UsbGuardPolicy> ListRulesAsync(CancellationToken cancellationToken = default) =>
        new(UsbGuardRuleParser.ParseListRules(await shell.OutputOfAsync(ListRules, cancellationToken)));

    /// <summary>The rules on disk (what the daemon loads at its next start).</summary>
    public async Task<UsbGuardPolicy> ReadRulesFileAsync(CancellationToken cancellationToken = default) =>
        new(UsbGuardRuleParser.ParseRulesFile(await shell.OutputOfAsync(ReadRulesFile, cancellationToken)));

    public async Task<IReadOnlyList<UsbSysfsDevice>> ListSysfsDevicesAsync(CancellationToken cancellationToken = default) =>
        ParseSysfsListing(await shell.OutputOfAsync(ListSysfsDevices, cancellationToken));

    /// <summary>Whether the kernel authorized the device with this serial; null when no such device is plugged.</summary>
    public async Task<bool?> IsAuthorizedBySerialAsync(string serial, CancellationToken cancellationToken = default)
    {
        var devices = await ListSysfsDevicesAsync(cancellationToken);
        var match = devices.FirstOrDefault(d => d.Serial == serial);
        return match?.Authorized;
    }

    public async Task<IReadOnlyList<UsbBlockDevice>> ListBlockDevicesAsync(CancellationToken cancellationToken = default) =>
        ParseBlockDevices(await shell.OutputOfAsync(ListBlockDevices, cancellationToken));

    public static IReadOnlyList<UsbSysfsDevice> ParseSysfsListing(string listing) =>
        ProbeShell.Lines(listing).Select(line =>
        {
            var f = line.Split('\t');
            if (f.Length != 5)
            {
                throw new GuestOutputException("USB sysfs listing", "expected 5 tab-separated fields", line);
            }

            return new UsbSysfsDevice(f[0], f[1], f[2].Trim() == "1", Empty(f[3]), Empty(f[4]));
        }).ToList();

    public static IReadOnlyList<UsbBlockDevice> ParseBlockDevices(string listing) =>
        ProbeShell.Lines(listing).Select(line =>
        {
            var f = line.Split(' ');
            return new UsbBlockDevice(Unescape(f[0]), f.Length > 1 ? Empty(f[1]) : null, f.Length > 2 ? Empty(Unescape(f[2])) : null);
        }).ToList();

    internal static string SysfsScript(string sysRoot) =>
        $"for d in {sysRoot}/bus/usb/devices/*; do [ -f \"$d/idVendor\" ] || continue; " +
        "printf '%s\\t%s:%s\\t%s\\t%s\\t%s\\n' \"${d##*/}\" \"$(cat \"$d/idVendor\")\" \"$(cat \"$d/idProduct\")\" " +
        "\"$(cat \"$d/authorized\" 2>/dev/null)\" \"$(cat \"$d/product\" 2>/dev/null)\" \"$(cat \"$d/serial\" 2>/dev/null)\"; done; true";

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    private static string Unescape(string s) => s.Replace("\\x20", " ", StringComparison.Ordinal);
}
