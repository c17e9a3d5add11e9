namespace VeilorQA.Harness.Guest.SecureBoot;

/// <summary>Secure Boot as the guest sees it: the EFI variables (authoritative), mokutil and the kernel's own line.</summary>
public sealed record SecureBootState(bool IsEfi, bool? Enabled, bool? SetupMode, string? MokutilReport, string? KernelReport)
{
    public override string ToString() => !IsEfi
        ? "Secure Boot: not an EFI boot (no EFI variables), so no Secure Boot."
        : Enabled switch
        {
            true => "Secure Boot: enabled" + (SetupMode == true ? " but the firmware is in setup mode (keys not enforced)" : string.Empty) + ".",
            false => "Secure Boot: disabled in the firmware" + (SetupMode == true ? " (setup mode: no platform key enrolled)" : string.Empty) + ".",
            null => "Secure Boot: EFI boot but the SecureBoot variable is unreadable.",
        } + (KernelReport is null ? string.Empty : $" Kernel: \"{KernelReport}\".");

    /// <summary><c>od -An -tx1</c> of an efivarfs file: 4 attribute bytes, then the value (1 byte for SecureBoot/SetupMode).</summary>
    public static bool? ParseEfiVariableByte(string odOutput)
    {
        var text = odOutput.Trim();
        if (text == "missing" || text.Length == 0)
        {
            return null;
        }

        var bytes = text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (bytes.Length != 5 || bytes.Any(b => b.Length != 2))
        {
            throw new GuestOutputException("efivarfs", "expected 4 attribute bytes and 1 value byte", odOutput);
        }

        return bytes[4] switch
        {
            "01" => true,
            "00" => false,
            _ => throw new GuestOutputException("efivarfs", $"unexpected value byte {bytes[4]}", odOutput),
        };
    }

    /// <summary><c>mokutil --sb-state</c>: "SecureBoot enabled|disabled", or "EFI variables are not supported on this system".</summary>
    public static bool? ParseMokutil(string output)
    {
        foreach (var line in ProbeShell.Lines(output))
        {
            if (line.StartsWith("SecureBoot enabled", StringComparison.Ordinal))
            {
                return true;
            }

            if (line.StartsWith("SecureBoot disabled", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return null;
    }
}
