namespace VeilorQA.Harness.Matrix;

/// <summary>A TestMatrix.yml that cannot be used, with the exact place and what was expected there.</summary>
/// <remarks>
/// The message reads <c>FILE:LINE:COLUMN: FIELD: expected EXPECTED, got ACTUAL</c>. Secrets never
/// reach <see cref="Actual"/>: for an inline secret it only says that one was found.
/// </remarks>
public sealed class MatrixException : Exception
{
    public MatrixException(string file, int line, int column, string field, string expected, string? actual)
        : base(Format(file, line, column, field, expected, actual))
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The matrix file as the caller named it.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending node.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending node.</summary>
    public int Column { get; }

    /// <summary>Dotted path of the field, e.g. <c>targets.refvm.memory_mib</c>.</summary>
    public string Field { get; }

    /// <summary>What a valid value looks like.</summary>
    public string Expected { get; }

    /// <summary>What was found instead, or null when the value itself is not the problem.</summary>
    public string? Actual { get; }

    private static string Format(string file, int line, int column, string field, string expected, string? actual) =>
        actual is null
            ? $"{file}:{line}:{column}: {field}: expected {expected}"
            : $"{file}:{line}:{column}: {field}: expected {expected}, got {actual}";
}
