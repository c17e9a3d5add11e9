namespace VeilorQA.Harness.Doctor.Distribution;

/// <summary>One thing the runner needs, by its package name on Debian and on Fedora (they differ: <c>qemu-utils</c> vs <c>qemu-img</c>).</summary>
public sealed record PackageName(string Debian, string Fedora)
{
    public string On(DistributionFamily family) => family == DistributionFamily.Fedora ? Fedora : Debian;
}
