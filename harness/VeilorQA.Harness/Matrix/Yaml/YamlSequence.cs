namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>A sequence (list) in document order.</summary>
internal sealed class YamlSequence(IReadOnlyList<YamlNode> items, YamlPosition start) : YamlNode(start)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override string Describe() => "a list";
}
