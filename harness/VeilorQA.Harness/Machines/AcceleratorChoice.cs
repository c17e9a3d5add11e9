using VeilorQA.Harness.Machines.Domain;

namespace VeilorQA.Harness.Machines;

/// <summary>The outcome of <see cref="AcceleratorProbe"/>: whether KVM runs guests here, why, and what VMs will use.</summary>
/// <param name="KvmUsable">A guest actually ran under KVM.</param>
/// <param name="Reason">What was seen, e.g. "no /dev/kvm" or QEMU's "emulation failure" line.</param>
public sealed record AcceleratorChoice(bool KvmUsable, string Reason)
{
    /// <summary>The accelerator VMs should use: KVM when usable, TCG otherwise.</summary>
    public Accelerator Accelerator => KvmUsable ? Accelerator.Kvm : Accelerator.Tcg;

    public override string ToString() => KvmUsable ? $"KVM ({Reason})" : $"TCG, KVM unusable: {Reason}";
}
