namespace VeilorQA.Harness.Machines.Domain;

/// <summary>UEFI firmware (OVMF) with Secure Boot on or off and the VM's own copy of the variable store.</summary>
/// <param name="SecureBoot">Secure Boot firmware (needs SMM) with Microsoft keys enrolled in the vars template.</param>
/// <param name="CodePath">The read-only firmware code (pflash).</param>
/// <param name="VarsTemplatePath">The vars file copied for each VM.</param>
/// <param name="NvramPath">This VM's vars file; libvirt copies the template there when it is missing.</param>
public sealed record FirmwareSpec(bool SecureBoot, string CodePath, string VarsTemplatePath, string NvramPath)
{
    /// <summary>Debian's OVMF folder (package <c>ovmf</c>).</summary>
    public const string DebianOvmfDirectory = "/usr/share/OVMF";

    /// <summary>Debian's 4 MiB OVMF build: Secure Boot with Microsoft keys (<c>.ms.fd</c>) or the plain one.</summary>
    public static FirmwareSpec Ovmf(bool secureBoot, string nvramPath, string ovmfDirectory = DebianOvmfDirectory) =>
        secureBoot
            ? new(true, System.IO.Path.Combine(ovmfDirectory, "OVMF_CODE_4M.ms.fd"), System.IO.Path.Combine(ovmfDirectory, "OVMF_VARS_4M.ms.fd"), nvramPath)
            : new(false, System.IO.Path.Combine(ovmfDirectory, "OVMF_CODE_4M.fd"), System.IO.Path.Combine(ovmfDirectory, "OVMF_VARS_4M.fd"), nvramPath);
}
