using System.Runtime.CompilerServices;
using VeilorQA.Harness.Doctor.Distribution;

namespace VeilorQA.Harness.Tests.Doctor.Distribution;

/// <summary>The os-release samples beside this file (provenance in Samples/README.md).</summary>
internal static class DistributionSamples
{
    public static string Path(string name) => System.IO.Path.Combine(Folder(), name);

    public static OsRelease Release(string name) => OsRelease.Parse(File.ReadAllText(Path(name)), name);

    public static HostDistribution Debian12 => HostDistribution.Of(Release("os-release.debian-12"));

    public static HostDistribution Fedora43 => HostDistribution.Of(Release("os-release.fedora-43"));

    private static string Folder([CallerFilePath] string thisFile = "") => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(thisFile)!, "Samples");
}
