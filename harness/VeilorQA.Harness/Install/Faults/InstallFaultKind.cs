namespace VeilorQA.Harness.Install.Faults;

/// <summary>The install failure modes a run can switch on from the host (no ISO rebuild): each must end with Anaconda's message for its kind and no bootable system.</summary>
public enum InstallFaultKind
{
    /// <summary>The kickstart's --url names a registry port nobody listens on.</summary>
    RegistryUnreachable,

    /// <summary>The kickstart's --url names a tag the registry does not have.</summary>
    TagMissing,

    /// <summary>A blob of the pushed image is corrupted in the registry's storage: the pull's digest check fails.</summary>
    DigestMismatch,

    /// <summary>The target disk is smaller than the kickstart's partitions.</summary>
    DiskTooSmall,

    /// <summary>A command the installer does not honour is added to the kickstart (the harness's own pre-check is skipped for it).</summary>
    KickstartSyntax,

    /// <summary>A %post --erroronfail script exits non-zero.</summary>
    PostScriptFails,

    /// <summary>The network comes up after the installer stopped waiting for it.</summary>
    NetworkLate,
}
