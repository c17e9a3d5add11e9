using VeilorQA.Harness.Doctor.Distribution;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Doctor;

/// <summary>Checks that QEMU's firmware descriptors name a Secure Boot OVMF build with enrolled keys whose files exist — the one VMs boot.</summary>
public sealed class FirmwareCheck(HostDistribution distribution, FirmwareFinder finder) : IPrerequisiteCheck
{
    public string Name => "OVMF Secure Boot firmware";

    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var fix = distribution.Install(RunnerPackages.Ovmf) + "   (or run scripts/setup.sh)";
        try
        {
            var found = finder.Find(secureBoot: true);
            return Task.FromResult(CheckResult.Ok(Name, $"{found.Executable!.Path} + {found.NvramTemplate!.Path} ({found.Executable.Format}, {Path.GetFileName(found.Source)})"));
        }
        catch (Exception e) when (e is InvalidDomainSpecException or InvalidDataException)
        {
            return Task.FromResult(CheckResult.Fail(Name, e is InvalidDomainSpecException spec ? spec.Problem : e.Message, fix));
        }
    }
}
