using System.Globalization;
using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.Tpm;

/// <summary>TPM presence and version, PCR values (tpm2-tools) and the measured-boot event log.</summary>
public sealed class TpmProbe(IShell shell)
{
    public const string VersionMajorFile = "/sys/class/tpm/tpm0/tpm_version_major";

    public const string EventLogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

    /// <summary>Prints nothing when there is no tpm0 (the file is absent on TPM-less machines and on kernels before 5.6).</summary>
    public const string ReadVersionMajor = "cat " + VersionMajorFile + " 2>/dev/null || true";

    /// <summary>securityfs reports size 0 in stat, so the bytes are counted by reading.</summary>
    public const string InspectEventLog =
        "if [ -r " + EventLogPath + " ]; then printf 'readable %s\\n' \"$(wc -c < " + EventLogPath + ")\"; else echo unreadable; fi";

    public const string ReadEventLog = "tpm2_eventlog " + EventLogPath;

    public static string PcrRead(string bank, params int[] pcrs) =>
        $"tpm2_pcrread {bank}:{string.Join(',', pcrs.Select(p => p.ToString(CultureInfo.InvariantCulture)))}";

    /// <summary>2 for a TPM 2.0 device, 1 for 1.2, null when there is none.</summary>
    public async Task<int?> VersionMajorAsync(CancellationToken cancellationToken = default)
    {
        var text = (await shell.OutputOfAsync(ReadVersionMajor, cancellationToken)).Trim();
        return text.Length == 0 ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new GuestOutputException(VersionMajorFile, "not a number", text);
    }

    public async Task<PcrReading> ReadPcrsAsync(string bank, int[] pcrs, CancellationToken cancellationToken = default) =>
        PcrReading.Parse(await shell.OutputOfAsync(PcrRead(bank, pcrs), cancellationToken));

    public async Task<TpmEventLogFile> InspectEventLogAsync(CancellationToken cancellationToken = default) =>
        ParseEventLogInspection(await shell.OutputOfAsync(InspectEventLog, cancellationToken));

    public async Task<TpmEventLog> ReadEventLogAsync(CancellationToken cancellationToken = default) =>
        TpmEventLog.Parse(await shell.OutputOfAsync(ReadEventLog, cancellationToken));

    public static TpmEventLogFile ParseEventLogInspection(string output)
    {
        var line = output.Trim();
        if (line == "unreadable")
        {
            return new TpmEventLogFile(EventLogPath, false, 0);
        }

        var parts = line.Split(' ', 2);
        return parts.Length == 2 && parts[0] == "readable" && long.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
            ? new TpmEventLogFile(EventLogPath, true, size)
            : throw new GuestOutputException(EventLogPath, "expected 'readable N' or 'unreadable'", output);
    }
}
