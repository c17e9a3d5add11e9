using VeilorQA.Harness.Doctor;

namespace VeilorQA.Cli.Commands;

/// <summary>Doctor checks that need machine-layer code (accelerator probe).</summary>
internal static class HostExtras
{
    public static IEnumerable<IPrerequisiteCheck> Checks() => [];
}
