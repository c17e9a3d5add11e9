namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>A node of the matrix document, remembering where it starts.</summary>
internal abstract class YamlNode(YamlPosition start)
{
    public YamlPosition Start { get; } = start;

    /// <summary>How the node is shown after "got" in an error.</summary>
    public abstract string Describe();
}
