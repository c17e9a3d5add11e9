namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>One definition in a named section: <c>targets.refvm</c> is the name <c>refvm</c> and its mapping.</summary>
internal sealed record NamedEntry(string Name, YamlNode Value, string Path, YamlPosition KeyPosition);
