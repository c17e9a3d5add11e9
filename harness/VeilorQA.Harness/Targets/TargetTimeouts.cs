namespace VeilorQA.Harness.Targets;

/// <summary>How long a target may take: connect (SSH), one command, a boot until the shell answers, a resume until the shell answers.</summary>
public sealed record TargetTimeouts(TimeSpan Connect, TimeSpan Command, TimeSpan Boot, TimeSpan Resume)
{
    /// <summary>A TCG reference guest on a loaded 2-core runner: boots take minutes (a reboot with two guests running took 5.3 min to SSH here).</summary>
    public static TargetTimeouts Vm { get; } =
        new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(3));
}
