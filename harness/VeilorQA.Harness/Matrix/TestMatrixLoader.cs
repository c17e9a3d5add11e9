using System.Text;
using VeilorQA.Harness.Infrastructure;
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

    /// <summary>The largest matrix file read; a real one is a few KiB, so anything near this is not a matrix.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Loads a matrix file; relative paths inside it resolve against its folder.</summary>
    /// <param name="path">The file; errors name it as given here.</param>
    /// <exception cref="MatrixException">Not a readable regular file of at most <see cref="MaxBytes"/> UTF-8 bytes, or not a valid matrix.</exception>
    public static TestMatrix Load(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(ReadText(path), path, directory);
    }

    /// <summary>
    /// The file's text, refused before it is opened when it is not a regular file (a FIFO would block the read for ever,
    /// a directory is no text) or larger than <see cref="MaxBytes"/>, and decoded strictly as UTF-8 (a stray byte is named
    /// with its line and column instead of surfacing as a YAML syntax error).
    /// </summary>
    private static string ReadText(string path)
    {
        const string expected = "a readable matrix file";
        var status = FileStatus.Of(path);
        if (status.Problem is not null)
            throw new MatrixException(path, 0, 0, "(file)", expected, status.Problem);
        if (status.Kind != FileKind.Regular)
            throw new MatrixException(path, 0, 0, "(file)", $"{expected} (a regular file)", status.Description);
        if (status.Size > MaxBytes)
            throw new MatrixException(path, 0, 0, "(file)", $"a matrix file of at most {MaxBytes} bytes", $"{status.Size} bytes");

        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
                read += n;
            if (read > MaxBytes)
                throw new MatrixException(path, 0, 0, "(file)", $"a matrix file of at most {MaxBytes} bytes", "more (it grew while being read)");
            bytes = buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatrixException(path, 0, 0, "(file)", expected, ex.Message);
        }

        return Decode(bytes, path);
    }

    private static string Decode(byte[] bytes, string path)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            var offset = start + Math.Max(0, e.Index);
            var before = Encoding.UTF8.GetString(bytes, start, Math.Max(0, offset - start));
            var line = before.Count(c => c == '\n') + 1;
            var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : bytes[Math.Min(offset, bytes.Length - 1)];
            throw new MatrixException(path, line, column, "(file)", "UTF-8 text", $"byte 0x{bad:X2} at offset {offset}, which is not UTF-8 (save the file as UTF-8)");
        }
    }

    /// <summary>Parses matrix text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="fileName">How errors name the source.</param>
    /// <param name="baseDirectory">What relative paths (ISO, recipe, *_file) resolve against.</param>
    public static TestMatrix Parse(string text, string fileName, string baseDirectory) =>
        MatrixDocumentReader.Read(new MatrixReadContext(fileName, Path.GetFullPath(baseDirectory)), text);
}
