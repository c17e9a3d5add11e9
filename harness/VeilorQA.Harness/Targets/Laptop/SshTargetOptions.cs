using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Power;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>How an <see cref="SshTarget"/> runs; every default is documented on its property.</summary>
public sealed record SshTargetOptions
{
    /// <summary>Defaults for everything.</summary>
    public static SshTargetOptions Default { get; } = new();

    /// <summary>Where the console transcript is written. Default a run-named folder under the system temp folder.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), RunId.Current.Name("laptop"));

    /// <summary>The command that reboots the laptop (run detached, via <c>sudo -n</c> unless the user is root). Default <c>systemctl reboot</c>.</summary>
    public string RebootCommand { get; init; } = "systemctl reboot";

    /// <summary>The command that asks the laptop's OS to power off before the power adapter cuts power. Default <c>systemctl poweroff</c>.</summary>
    public string PowerOffCommand { get; init; } = "systemctl poweroff";

    /// <summary>Most bytes of this boot's journal kept as evidence (the newest part). Default 16 MiB.</summary>
    public int JournalMaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>After SSH went away on power-off, how long an adapter that cannot report status waits before cutting power. Default 15 s.</summary>
    public TimeSpan ShutdownSettle { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Makes the power adapter's <see cref="IPower"/>. Default <see cref="PowerControl.For"/>.</summary>
    public Func<PowerAdapter, IPower> PowerFactory { get; init; } = PowerControl.For;

    /// <summary>Adjusts the SSH options built from the matrix (retry delays in tests). Default none.</summary>
    public Func<SshShellOptions, SshShellOptions>? ConfigureShell { get; init; }

    /// <summary>Clock of waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(RebootCommand);
        ArgumentException.ThrowIfNullOrWhiteSpace(PowerOffCommand);
        ArgumentOutOfRangeException.ThrowIfLessThan(JournalMaxBytes, 4096, nameof(JournalMaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownSettle, TimeSpan.Zero, nameof(ShutdownSettle));
        ArgumentNullException.ThrowIfNull(PowerFactory);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
