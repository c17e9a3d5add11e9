using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Machines.Domain;

/// <summary>UEFI firmware (OVMF) with Secure Boot on or off and the VM's own copy of the variable store.</summary>
/// <param name="SecureBoot">Secure Boot firmware (needs SMM) with Microsoft keys enrolled in the vars template.</param>
/// <param name="CodePath">The read-only firmware code (pflash).</param>
/// <param name="VarsTemplatePath">The vars file copied for each VM.</param>
/// <param name="NvramPath">This VM's vars file; libvirt copies the template there when it is missing.</param>
public sealed record FirmwareSpec(bool SecureBoot, string CodePath, string VarsTemplatePath, string NvramPath)
{
    /// <summary>Format of the code and vars files: <c>raw</c> (Debian) or <c>qcow2</c> (Fedora's 4 MiB builds).</summary>
    public string Format { get; init; } = FirmwareImage.Raw;

    /// <summary>The QEMU firmware descriptor the files came from, when found through one (evidence in errors and reports).</summary>
    public string? Descriptor { get; init; }

    /// <summary>The OVMF build this host's QEMU firmware descriptors name for Secure Boot with enrolled keys, or the plain build.</summary>
    /// <exception cref="InvalidDomainSpecException">No descriptor fits; the message names the folders searched and the fix per distribution.</exception>
    public static FirmwareSpec Ovmf(bool secureBoot, string nvramPath) => FirmwareFinder.ForThisHost.Spec(secureBoot, nvramPath);
}
