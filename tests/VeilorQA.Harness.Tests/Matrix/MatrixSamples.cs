namespace VeilorQA.Harness.Tests.Matrix;

/// <summary>Finds the repository's TestMatrix.yml and the sample matrices next to these tests, from the test output folder.</summary>
internal static class MatrixSamples
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory { get; } =
        System.IO.Path.Combine(RepositoryRoot, "tests", "VeilorQA.Harness.Tests", "Matrix", "Samples");

    public static string RealMatrix => System.IO.Path.Combine(RepositoryRoot, "TestMatrix.yml");

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VeilorQA.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"VeilorQA.sln not found above {AppContext.BaseDirectory}");
    }
}
