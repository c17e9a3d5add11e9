using VeilorQA.Harness.Doctor;
using VeilorQA.Harness.Machines;

namespace VeilorQA.Cli.Commands;

/// <summary>Doctor checks that need machine-layer code (accelerator probe).</summary>
internal static class HostExtras
{
    public static IEnumerable<IPrerequisiteCheck> Checks() =>
    [
        new DelegateCheck("accelerator", async ct =>
        {
            // KVM is judged by booting a tiny guest, not by /dev/kvm existing; TCG is a usable fallback.
            var choice = await AcceleratorProbe.ProbeAsync(ct);
            return choice.KvmUsable
                ? CheckResult.Ok("accelerator", choice.ToString())
                : CheckResult.Warn("accelerator", choice.ToString(), "none needed: guests run under TCG (slower); on the release runner fix KVM");
        }),
    ];
}
