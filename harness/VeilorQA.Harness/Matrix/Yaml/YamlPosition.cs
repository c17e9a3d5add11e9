using YamlDotNet.Core;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>A 1-based line and column in the matrix file.</summary>
internal readonly record struct YamlPosition(int Line, int Column) : IComparable<YamlPosition>
{
    public static YamlPosition Start { get; } = new(1, 1);

    public static YamlPosition Of(Mark mark) => new((int)mark.Line, (int)mark.Column);

    public int CompareTo(YamlPosition other) => Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
}
