using System.Runtime.CompilerServices;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>Finds files beside the test sources (golden files, the sample project) without copying them to the output.</summary>
internal static class SourceFolder
{
    public static string Reporting => Path.GetDirectoryName(ThisFile())!;

    public static string Golden => Path.Combine(Reporting, "Golden");

    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Reporting, "..", "..", ".."));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
