using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Guest.UsbGuard;

/// <summary>Watches a hot-plugged device by serial until USBGuard and the kernel have settled on it; only reads.</summary>
public sealed class UsbPlugProbe
{
    /// <summary>Tab-separated block device name and its resolved sysfs path (which runs through the USB port it hangs off).</summary>
    public const string ListBlockDevicePaths =
        "for b in /sys/block/*; do [ -e \"$b\" ] || continue; printf '%s\\t%s\\n' \"${b##*/}\" \"$(readlink -f \"$b\")\"; done; true";

    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private readonly IShell _shell;
    private readonly UsbGuardProbe _guard;
    private readonly TimeProvider _time;

    public UsbPlugProbe(IShell shell, TimeProvider? timeProvider = null)
    {
        this._shell = shell;
        _guard = new UsbGuardProbe(shell);
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<UsbPlugState> ReadAsync(string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        var device = (await _guard.ListSysfsDevicesAsync(cancellationToken)).FirstOrDefault(d => d.Serial == serial);
        var disks = device is null
            ? []
            : BlockDevicesUnder(device.Port, await _shell.OutputOfAsync(ListBlockDevicePaths, cancellationToken));

        // A stopped daemon is itself a finding; the state then shows no USBGuard verdict.
        var listed = await _shell.ResultOfAsync(UsbGuardProbe.ListDevices, cancellationToken);
        var decision = listed.Succeeded
            ? UsbGuardRuleParser.ParseListDevices(listed.StandardOutput).FirstOrDefault(d => d.Serial == serial)
            : null;
        return new UsbPlugState(serial, device, disks, decision);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; on expiry throws <see cref="WaitTimeoutException"/> carrying the last state.</summary>
    public async Task<UsbPlugState> WaitUntilAsync(
        string serial, Func<UsbPlugState, bool> condition, string waitingFor, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);

        // A read the shell could not deliver (a loaded guest, a dropped channel) is "not yet"; the timeout says so.
        return (await new Poll(waitingFor, timeout).Every(DefaultPollInterval).On(_time)
            .RetryingOn<Exception>(static e => e is not OperationCanceledException)
            .UntilAsync(async ct =>
            {
                var state = await ReadAsync(serial, ct);
                return condition(state) ? PollOutcome<UsbPlugState>.Done(state) : PollOutcome<UsbPlugState>.NotYet(state.ToString());
            }, cancellationToken)).Value;
    }

    /// <summary>The block devices whose sysfs path runs through USB port <paramref name="port"/> (e.g. <c>3-2</c>).</summary>
    public static IReadOnlyList<string> BlockDevicesUnder(string port, string listing)
    {
        ArgumentException.ThrowIfNullOrEmpty(port);
        var segment = "/" + port + "/";
        return ProbeShell.Lines(listing)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 2 && f[1].Contains(segment, StringComparison.Ordinal))
            .Select(f => f[0])
            .ToList();
    }
}
