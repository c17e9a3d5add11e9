using System.Runtime.CompilerServices;

namespace VeilorQA.Harness.Tests.Guest;

/// <summary>Reads a captured sample from Guest/Samples (provenance in Samples/README.md), found next to this source file.</summary>
internal static class Sample
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(SamplesDirectory(), relativePath));

    private static string SamplesDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Samples");
}
