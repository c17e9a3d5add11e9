namespace VeilorQA.Harness.Machines.Domain;

/// <summary>How QEMU executes guest code: hardware virtualisation (KVM) or the TCG emulator.</summary>
public enum Accelerator
{
    /// <summary>QEMU's software emulator; libvirt domain type <c>qemu</c>.</summary>
    Tcg,

    /// <summary>Linux KVM; libvirt domain type <c>kvm</c>.</summary>
    Kvm,
}
