using VeilorQA.Harness.Doctor.Distribution;

namespace VeilorQA.Harness.Doctor;

/// <summary>Names the runner's distribution first, so every fix below reads in its package manager's terms.</summary>
public sealed class DistributionCheck(HostDistribution distribution) : IPrerequisiteCheck
{
    public string Name => "distribution";

    public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(
        distribution.IsTested
            ? CheckResult.Ok(Name, distribution.Describe())
            : CheckResult.Warn(Name, distribution.Describe(), "run on Debian 12 or Fedora 43 (fixes below assume " + (distribution.Family == DistributionFamily.Fedora ? "Fedora" : "Debian") + " package names)"));
}
