namespace VeilorQA.Harness.Machines.Domain;

/// <summary>How a 9p share maps guest file ownership onto the host.</summary>
public enum ShareAccessMode
{
    /// <summary>Guest owners and modes are stored in xattrs; host files belong to the QEMU user. Works without root QEMU.</summary>
    Mapped,

    /// <summary>Guest owners are applied to host files as-is; needs QEMU running with the rights to do so.</summary>
    Passthrough,

    /// <summary>Like passthrough, but failing ownership changes are ignored.</summary>
    Squash,
}
