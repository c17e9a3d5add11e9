using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Builds the node tree from YamlDotNet parser events, rejecting syntax errors and duplicate keys with their position.</summary>
/// <remarks>
/// Built on parser events rather than the representation model so that a duplicate key is reported
/// at the second occurrence together with its field path and the line of the first.
/// </remarks>
internal sealed class YamlTreeReader
{
    /// <summary>The deepest nesting read; the matrix needs 6 levels, and each level costs the reader stack.</summary>
    public const int MaxDepth = 64;

    private readonly MatrixReadContext _context;
    private readonly IParser _parser;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<YamlPosition> _openFlowCollections = new();
    private YamlPosition _lastSeen = YamlPosition.Start;

    private YamlTreeReader(MatrixReadContext context, string text)
    {
        _context = context;
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>The root node of the single document in <paramref name="text"/>, or null for an empty file.</summary>
    public static YamlNode? Read(MatrixReadContext context, string text)
    {
        try
        {
            return new YamlTreeReader(context, text).ReadStreamGuarded();
        }
        catch (YamlException ex)
        {
            var message = ex.Message;
            // YamlDotNet prefixes its own "(Line: .., Col: ..)" position; ours is already in front.
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
                message = message[(close + 3)..];
            throw context.Error(YamlPosition.Of(ex.Start), "(yaml)", "valid YAML", message);
        }
    }

    private YamlNode? ReadStreamGuarded()
    {
        try
        {
            return ReadStream();
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException when the text ends inside a
            // flow collection ("[a, b" at end of file); point at the bracket that was never closed.
            var at = _openFlowCollections.Count > 0 ? _openFlowCollections.Peek() : _lastSeen;
            throw _context.Error(at, "(yaml)", "valid YAML", "the file ends inside this [ or { (never closed)");
        }
    }

    private YamlNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
            return null;
        _parser.Consume<DocumentStart>();
        var root = ReadNode(string.Empty);
        _parser.Consume<DocumentEnd>();
        if (!_parser.Accept<StreamEnd>(out _))
        {
            var next = YamlPosition.Of(_parser.Current!.Start);
            throw _context.Error(next, "(yaml)", "a single YAML document", "a second document");
        }

        return root;
    }

    private YamlNode ReadNode(string path, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            var at = _parser.Current is { } current ? YamlPosition.Of(current.Start) : _lastSeen;
            var field = Field(path);
            throw _context.Error(at, field.Length <= 60 ? field : field[..60] + "…", $"at most {MaxDepth} nested lists or mappings", "deeper nesting");
        }

        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return _anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw _context.Error(YamlPosition.Of(alias.Start), Field(path), "an alias of an anchor defined earlier", $"unknown alias '*{alias.Value.Value}'");
        }

        if (_parser.Current is { } upcoming)
            _lastSeen = YamlPosition.Of(upcoming.Start);
        YamlNode node;
        AnchorName anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, YamlPosition.Of(scalar.Start));
            anchor = scalar.Anchor;
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            var flow = sequenceStart.Style == SequenceStyle.Flow;
            if (flow)
                _openFlowCollections.Push(YamlPosition.Of(sequenceStart.Start));
            while (!_parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode($"{path}[{items.Count}]", depth + 1));
            if (flow)
                _openFlowCollections.Pop();
            node = new YamlSequence(items, YamlPosition.Of(sequenceStart.Start));
            anchor = sequenceStart.Anchor;
        }
        else if (_parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var flow = mappingStart.Style == MappingStyle.Flow;
            if (flow)
                _openFlowCollections.Push(YamlPosition.Of(mappingStart.Start));
            node = ReadMapping(path, YamlPosition.Of(mappingStart.Start), depth);
            if (flow)
                _openFlowCollections.Pop();
            anchor = mappingStart.Anchor;
        }
        else
        {
            var current = _parser.Current!;
            throw _context.Error(YamlPosition.Of(current.Start), Field(path), "a scalar, list or mapping", current.GetType().Name);
        }

        if (!anchor.IsEmpty)
            _anchors[anchor.Value] = node;
        return node;
    }

    private YamlMapping ReadMapping(string path, YamlPosition start, int depth)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = YamlPosition.Of(_parser.Current!.Start);
            if (ReadNode(path + ".?", depth + 1) is not YamlScalar key)
                throw _context.Error(keyStart, Field(path), "plain keys (names)", "a list or mapping used as a key");
            var childPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            if (seen.TryGetValue(key.Value, out var first))
            {
                throw _context.Error(key.Start, childPath,
                    $"each key once in a mapping (first '{key.Value}' at line {first.Start.Line})", $"duplicate key '{key.Value}'");
            }

            seen.Add(key.Value, key);
            entries.Add(new(key, ReadNode(childPath, depth + 1)));
        }

        return new YamlMapping(entries, start);
    }

    private static string Field(string path) => path.Length == 0 ? "(document)" : path;
}
