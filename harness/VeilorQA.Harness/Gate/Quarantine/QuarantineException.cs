namespace VeilorQA.Harness.Gate.Quarantine;

/// <summary>A quarantine.yml that cannot be used (malformed, or an entry that expired), read like a compiler error: <c>FILE:LINE:COLUMN: FIELD: problem</c>.</summary>
public sealed class QuarantineException(string file, int line, int column, string field, string problem)
    : Exception($"{file}:{line}:{column}: {field}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Field { get; } = field;
}
