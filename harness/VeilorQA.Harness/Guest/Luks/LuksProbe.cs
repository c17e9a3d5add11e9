using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>Finds LUKS devices on the guest and reads their headers.</summary>
public sealed class LuksProbe(IShell shell)
{
    /// <summary>blkid exits 2 when nothing matches; that is an empty list, not an error.</summary>
    public const string ListLuksDevices = "blkid -t TYPE=crypto_LUKS -o device || true";

    public static string DumpJson(string device) => $"cryptsetup luksDump --dump-json-metadata {ProbeShell.Quote(device)}";

    public static string DumpText(string device) => $"cryptsetup luksDump {ProbeShell.Quote(device)}";

    public async Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        ProbeShell.Lines(await shell.OutputOfAsync(ListLuksDevices, cancellationToken)).Select(l => l.Trim()).ToList();

    /// <summary>JSON metadata first (cryptsetup ≥ 2.6 knows the option), text otherwise.</summary>
    public async Task<LuksHeader> ReadHeaderAsync(string device, CancellationToken cancellationToken = default)
    {
        var json = await shell.ResultOfAsync(DumpJson(device), cancellationToken);
        if (json.Succeeded)
        {
            var header = LuksHeader.ParseJson(json.StandardOutput);
            var text = LuksHeader.ParseText(await shell.OutputOfAsync(DumpText(device), cancellationToken));
            return header with { Uuid = text.Uuid };
        }

        return LuksHeader.ParseText(await shell.OutputOfAsync(DumpText(device), cancellationToken));
    }
}
