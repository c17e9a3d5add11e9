namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>A scalar as written; only a plain (unquoted) scalar can be null, true or a number.</summary>
internal sealed class YamlScalar(string value, bool isPlain, YamlPosition start) : YamlNode(start)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe()
    {
        if (IsNull)
            return "nothing (an empty value)";
        var shown = Value.Length > 60 ? Value[..60] + "..." : Value;
        return $"'{shown.Replace("\n", "\\n", StringComparison.Ordinal)}'";
    }
}
