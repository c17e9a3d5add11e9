using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// The firmware a VM boots with Secure Boot off (<see cref="Capabilities.ISecureBootSwitch"/>): the same Secure Boot capable
/// OVMF code with a variable store that has no keys enrolled (OVMF's blank <c>OVMF_VARS_4M.fd</c> template: setup mode),
/// kept beside the VM's own store so the TPM and everything else stay the same machine. The blank store has no boot
/// entries either; OVMF then boots the disk's removable-media path <c>\EFI\BOOT\BOOTX64.EFI</c> (shim), which the
/// reference guest's build and an Anaconda (bootupd) install both write.
/// </summary>
public static class SecureBootOffFirmware
{
    /// <summary>The blank (key-less) variable store template's file name, beside the Secure Boot template.</summary>
    public const string BlankVarsTemplate = "OVMF_VARS_4M.fd";

    /// <summary>The key-less store's file name in the VM's folder.</summary>
    public const string NvramFile = "VARS-secure-boot-off.fd";

    /// <summary><paramref name="firmware"/> with the key-less variable store, its NVRAM in <paramref name="machineDirectory"/>.</summary>
    public static FirmwareSpec Of(FirmwareSpec firmware, string machineDirectory)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        ArgumentException.ThrowIfNullOrWhiteSpace(machineDirectory);
        return firmware with
        {
            VarsTemplatePath = Path.Combine(Path.GetDirectoryName(firmware.VarsTemplatePath)!, BlankVarsTemplate),
            NvramPath = Path.Combine(machineDirectory, NvramFile),
        };
    }
}
