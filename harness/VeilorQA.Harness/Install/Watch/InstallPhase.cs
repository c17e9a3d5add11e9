namespace VeilorQA.Harness.Install.Watch;

/// <summary>The steps of an Anaconda install as its progress lines announce them, in order.</summary>
public enum InstallPhase
{
    /// <summary>Firmware, boot loader, installer kernel and live system (before Anaconda's first line).</summary>
    Booting,

    /// <summary>Anaconda started and reads the kickstart ("Starting installer, one moment...", "Starting automated install").</summary>
    Kickstart,

    /// <summary>%pre scripts ("Running pre-installation scripts").</summary>
    PreScripts,

    /// <summary>Partitioning, LUKS, file systems ("Configuring storage").</summary>
    Storage,

    /// <summary>The image is pulled ("Deployment starting: URL", "Running... ostree container image deploy").</summary>
    PayloadPull,

    /// <summary>The pulled image is deployed ("Deployment complete", "Performing post-installation setup tasks").</summary>
    Deploy,

    /// <summary>"Installing boot loader".</summary>
    Bootloader,

    /// <summary>Network, users, kickstart copies ("Configuring installed system").</summary>
    Configuration,

    /// <summary>%post scripts ("Running post-installation scripts").</summary>
    PostScripts,

    /// <summary>"Installation complete".</summary>
    Done,
}
