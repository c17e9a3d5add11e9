namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>A mapping with scalar keys, in document order, keys unique.</summary>
internal sealed class YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, YamlPosition start) : YamlNode(start)
{
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
