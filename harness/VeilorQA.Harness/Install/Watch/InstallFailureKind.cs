namespace VeilorQA.Harness.Install.Watch;

/// <summary>The kinds of fatal install errors Anaconda (and the reference stand-in) announce, plus the watcher's own.</summary>
public enum InstallFailureKind
{
    /// <summary>"The following problem occurred on line N of the kickstart file".</summary>
    KickstartParse,

    /// <summary>No kickstart was found (no inst.ks=, no OEMDRV /ks.cfg).</summary>
    NoKickstart,

    /// <summary>"The following error occurred while installing the payload" / "Payload setup error:".</summary>
    Payload,

    /// <summary>"storage configuration failed:".</summary>
    Storage,

    /// <summary>"The following error occurred while installing the boot loader".</summary>
    Bootloader,

    /// <summary>"There was an error running the kickstart script at line N" (%pre/%post --erroronfail).</summary>
    Script,

    /// <summary>A Python traceback in the installer ("Traceback (most recent call last)", "crashed on signal").</summary>
    Traceback,

    /// <summary>"Out of memory:" from the kernel.</summary>
    OutOfMemory,

    /// <summary>A kernel "Call Trace:" (oops, BUG, soft lockup).</summary>
    KernelCallTrace,

    /// <summary>The VM powered off or rebooted without "Installation complete" and without a recognised error.</summary>
    EndedWithoutCompletion,

    /// <summary>The install did not end within its time limit.</summary>
    Timeout,
}
