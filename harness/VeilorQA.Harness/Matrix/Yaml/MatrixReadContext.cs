using System.Globalization;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Suites;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>State of one load: the file name for errors, the folder paths resolve against, what is defined, and checks that wait for the whole file.</summary>
internal sealed partial class MatrixReadContext(string file, string baseDirectory)
{
    private readonly List<(YamlPosition Position, Action Check)> _deferred = [];

    public string File { get; } = file;

    public string BaseDirectory { get; } = baseDirectory;

    public Dictionary<string, Artifact> Artifacts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TargetEntry> Targets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Suite> Suites { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Fault> Faults { get; } = new(StringComparer.Ordinal);

    public MatrixException Error(YamlPosition at, string field, string expected, string? actual) =>
        new(File, at.Line, at.Column, field, expected, actual);

    /// <summary>Runs <paramref name="check"/> once every section is read (references may point forward).</summary>
    public void Later(YamlPosition at, Action check) => _deferred.Add((at, check));

    /// <summary>Runs the deferred checks in document order, so the first problem in the file is the one reported.</summary>
    public void RunDeferredChecks()
    {
        foreach (var (_, check) in _deferred.OrderBy(d => d.Position))
            check();
    }

    /// <summary>Fails unless <paramref name="name"/> is defined in <paramref name="defined"/>; returns the definition.</summary>
    public T Defined<T>(IReadOnlyDictionary<string, T> defined, string name, string what, string section, YamlPosition at, string field) =>
        defined.TryGetValue(name, out var value)
            ? value
            : throw Error(at, field, $"{Article(what)} {what} defined under {section} ({ListOrNone(defined.Keys)})", $"'{name}'");

    public string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    public MappingReader Mapping(YamlNode? node, string path, YamlPosition owner, IReadOnlyList<string> allowedKeys, string? description = null)
    {
        var expected = description ?? $"a mapping with keys {string.Join(", ", allowedKeys)}";
        return node switch
        {
            null => throw Missing(owner, path, expected),
            YamlMapping mapping => new MappingReader(this, mapping, path, owner, allowedKeys),
            _ => throw Error(node.Start, path, expected, node.Describe()),
        };
    }

    public YamlSequence Sequence(YamlNode? node, string path, YamlPosition owner, string expected) => node switch
    {
        null => throw Missing(owner, path, expected),
        YamlSequence sequence => sequence,
        _ => throw Error(node.Start, path, expected, node.Describe()),
    };

    public string String(YamlNode? node, string path, YamlPosition owner, string expected = "a string")
    {
        var scalar = Scalar(node, path, owner, expected);
        if (scalar.Value.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw Error(scalar.Start, path, "a reference to key material (a *_file path), never the key itself", "an inline private key (value not shown)");
        if (scalar.Value.Length == 0)
            throw Error(scalar.Start, path, expected, "an empty string");
        return scalar.Value;
    }

    public int Integer(YamlNode? node, string path, YamlPosition owner, int min, int max)
    {
        var expected = $"an integer {min}..{max}";
        var scalar = Scalar(node, path, owner, expected);
        if (!int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error(scalar.Start, path, expected, scalar.Describe());
        if (value < min || value > max)
            throw Error(scalar.Start, path, expected, scalar.Describe());
        return value;
    }

    public bool Boolean(YamlNode? node, string path, YamlPosition owner)
    {
        const string expected = "true or false";
        var scalar = Scalar(node, path, owner, expected);
        return scalar.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw Error(scalar.Start, path, expected, scalar.Describe()),
        };
    }

    public T Enum<T>(YamlNode? node, string path, YamlPosition owner, EnumNames<T> names)
        where T : struct, Enum
    {
        var scalar = Scalar(node, path, owner, names.Expected);
        return names.TryParse(scalar.Value, out var value) ? value : throw Error(scalar.Start, path, names.Expected, scalar.Describe());
    }

    /// <summary>A name of a target, suite, run...: used in domain names and test names, so kept to a safe alphabet.</summary>
    public string Name(YamlScalar key, string path)
    {
        if (!NamePattern().IsMatch(key.Value))
            throw Error(key.Start, path, "a name of lowercase letters, digits and '-' (at most 63, starting with a letter or digit)", $"'{key.Value}'");
        return key.Value;
    }

    /// <summary>Reads the key that decides which other keys a mapping may have (<c>kind:</c>, <c>type:</c>) before the mapping is checked.</summary>
    public string Discriminator(YamlNode? node, string path, YamlPosition owner, string key, IReadOnlyList<string> allowed)
    {
        var expected = $"one of {string.Join(", ", allowed)}";
        if (node is not YamlMapping mapping)
        {
            return node is null
                ? throw Missing(owner, path, $"a mapping with {key}: {expected}")
                : throw Error(node.Start, path, $"a mapping with {key}: {expected}", node.Describe());
        }

        var entry = mapping.Entries.FirstOrDefault(e => e.Key.Value == key);
        var value = String(entry.Value, Join(path, key), owner, expected);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Error(entry.Value!.Start, Join(path, key), expected, $"'{value}'");
    }

    /// <summary>The entries of a mapping from names to definitions (artifacts, targets, ...), names checked.</summary>
    public IReadOnlyList<NamedEntry> NamedEntries(YamlNode? node, string path, YamlPosition owner, string what, bool allowEmpty)
    {
        var expected = $"a mapping of {what} names to {what} definitions";
        if (node is YamlScalar { IsNull: true } && allowEmpty)
            return [];
        var mapping = node switch
        {
            null => throw Missing(owner, path, expected),
            YamlMapping m => m,
            _ => throw Error(node.Start, path, expected, node.Describe()),
        };
        if (mapping.Entries.Count == 0 && !allowEmpty)
            throw Error(mapping.Start, path, $"at least one {what}", "an empty mapping");
        return mapping.Entries
            .Select(e => new NamedEntry(Name(e.Key, Join(path, e.Key.Value)), e.Value, Join(path, e.Key.Value), e.Key.Start))
            .ToList();
    }

    /// <summary>A list of names (suites of a run, faults, ...), each a string and each at most once.</summary>
    public IReadOnlyList<(string Name, YamlPosition At, string Path)> NameList(YamlSequence sequence, string path, string what, bool allowEmpty)
    {
        if (sequence.Items.Count == 0 && !allowEmpty)
            throw Error(sequence.Start, path, $"a list of at least one {what} name", "an empty list");
        var names = new List<(string, YamlPosition, string)>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var itemPath = $"{path}[{i}]";
            var name = String(item, itemPath, sequence.Start, $"a {what} name");
            var first = names.FindIndex(n => n.Item1 == name);
            if (first >= 0)
                throw Error(item.Start, itemPath, $"each {what} once (already listed at {path}[{first}])", $"'{name}' again");
            names.Add((name, item.Start, itemPath));
        }

        return names;
    }

    public MatrixException Missing(YamlPosition owner, string path, string expected) =>
        Error(owner, path, expected, "nothing (required key missing)");

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private YamlScalar Scalar(YamlNode? node, string path, YamlPosition owner, string expected) => node switch
    {
        null => throw Missing(owner, path, expected),
        YamlScalar { IsNull: true } empty => throw Error(empty.Start, path, expected, empty.Describe()),
        YamlScalar scalar => scalar,
        _ => throw Error(node.Start, path, expected, node.Describe()),
    };

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string ListOrNone(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none defined" : list;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();
}
