using VeilorQA.Harness.Matrix.Yaml;

namespace VeilorQA.Harness.Matrix;

/// <summary>Loads TestMatrix.yml into a <see cref="TestMatrix"/>, or throws one <see cref="MatrixException"/> naming file:line:column, the field and what was expected.</summary>
public static class TestMatrixLoader
{
    /// <summary>The file name looked for when none is given.</summary>
    public const string DefaultFileName = "TestMatrix.yml";

    /// <summary>The matrix a plain <c>dotnet test</c> of the release suites uses: the nearest TestMatrix.yml at or above <paramref name="startDirectory"/>.</summary>
    /// <remarks>Searching upwards lets <c>dotnet test</c>, which runs in bin/, find the file at the repository root.</remarks>
    public static string Locate(string? startDirectory = null)
    {
        var start = new DirectoryInfo(startDirectory ?? Directory.GetCurrentDirectory());
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFileName);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException(
            $"No {DefaultFileName} at or above {start.FullName}: run the release suites with `veilorqa run`, or from the repository.", DefaultFileName);
    }

    /// <summary>Loads a matrix file; relative paths inside it resolve against its folder.</summary>
    /// <param name="path">The file; errors name it as given here.</param>
    public static TestMatrix Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatrixException(path, 0, 0, "(file)", "a readable matrix file", ex.Message);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(text, path, directory);
    }

    /// <summary>Parses matrix text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="fileName">How errors name the source.</param>
    /// <param name="baseDirectory">What relative paths (ISO, recipe, *_file) resolve against.</param>
    public static TestMatrix Parse(string text, string fileName, string baseDirectory) =>
        MatrixDocumentReader.Read(new MatrixReadContext(fileName, Path.GetFullPath(baseDirectory)), text);
}
