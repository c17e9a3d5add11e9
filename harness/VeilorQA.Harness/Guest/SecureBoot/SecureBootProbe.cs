using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Tpm;

namespace VeilorQA.Harness.Guest.SecureBoot;

/// <summary>Reads Secure Boot state from efivarfs, mokutil (if installed) and the kernel log.</summary>
public sealed class SecureBootProbe(IShell shell)
{
    public const string EfiVariables = "/sys/firmware/efi/efivars";

    public const string SecureBootVariable = EfiVariables + "/SecureBoot-" + TpmEventLog.EfiGlobalVariableGuid;

    public const string SetupModeVariable = EfiVariables + "/SetupMode-" + TpmEventLog.EfiGlobalVariableGuid;

    public const string IsEfi = "[ -d /sys/firmware/efi ] && echo efi || echo bios";

    public const string ReadSecureBootVariable = "if [ -r " + SecureBootVariable + " ]; then od -An -tx1 " + SecureBootVariable + "; else echo missing; fi";

    public const string ReadSetupModeVariable = "if [ -r " + SetupModeVariable + " ]; then od -An -tx1 " + SetupModeVariable + "; else echo missing; fi";

    /// <summary>mokutil is optional (absent on minimal images) and exits non-zero without EFI; its words are what count.</summary>
    public const string Mokutil = "command -v mokutil >/dev/null && mokutil --sb-state 2>&1 || true";

    /// <summary>The EFI stub / x86 setup logs "secureboot: Secure boot enabled|disabled|could not be determined".</summary>
    public const string KernelLine =
        "{ dmesg 2>/dev/null || journalctl -k -b 0 -o cat --no-pager 2>/dev/null; } | grep -i -m1 'secure boot' || true";

    public async Task<SecureBootState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var efi = (await shell.OutputOfAsync(IsEfi, cancellationToken)).Trim() == "efi";
        var enabled = efi ? SecureBootState.ParseEfiVariableByte(await shell.OutputOfAsync(ReadSecureBootVariable, cancellationToken)) : null;
        var setup = efi ? SecureBootState.ParseEfiVariableByte(await shell.OutputOfAsync(ReadSetupModeVariable, cancellationToken)) : null;
        var mokutil = (await shell.OutputOfAsync(Mokutil, cancellationToken)).Trim();
        var kernel = (await shell.OutputOfAsync(KernelLine, cancellationToken)).Trim();
        return new SecureBootState(efi, enabled, setup, mokutil.Length == 0 ? null : mokutil, kernel.Length == 0 ? null : StripTimestamp(kernel));
    }

    private static string StripTimestamp(string line) =>
        line.StartsWith('[') && line.IndexOf(']', StringComparison.Ordinal) is var close and > 0 ? line[(close + 1)..].Trim() : line;
}
