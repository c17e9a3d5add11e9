namespace VeilorQA.Harness.Machines.Domain;

/// <summary>Direct kernel boot: QEMU loads the kernel and initrd itself (through the UEFI firmware, which verifies nothing).</summary>
/// <param name="KernelPath">The kernel image (vmlinuz).</param>
/// <param name="InitrdPath">The initramfs, or null.</param>
/// <param name="CommandLine">The kernel command line.</param>
public sealed record KernelBootSpec(string KernelPath, string? InitrdPath, string CommandLine);
