namespace VeilorQA.Harness.Install.Watch;

/// <summary>Where a watched line came from; <see cref="InstallWatcher.LastLines"/> prefixes each line with it.</summary>
internal enum WatchedSource
{
    /// <summary>The virtio-serial port <c>org.fedoraproject.anaconda.log.0</c> (Anaconda's forwarded log).</summary>
    Anaconda,

    /// <summary>The serial console (kernel, systemd and the installer's console lines).</summary>
    Console,
}
