using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VeilorQA.Harness.Gate.Quarantine;

/// <summary>
/// Reads quarantine.yml and holds it to the policy: each entry names a suite (or one of its tests) the matrix knows,
/// a tracker link, an owner and an expiry date at most <see cref="MaxDaysAhead"/> days away; an expired entry is an
/// error naming it. One <see cref="QuarantineException"/> with file:line:column for the first problem.
/// </summary>
public static partial class QuarantineLoader
{
    /// <summary>The furthest an expiry may lie ahead: a quarantine is renewed deliberately, not set for years.</summary>
    public const int MaxDaysAhead = 90;

    /// <summary>quarantine.yml is a short list; anything bigger is not one.</summary>
    public const long MaxBytes = 256 * 1024;

    private static readonly string[] EntryKeys = ["test", "target", "tracker", "owner", "expires", "reason"];

    /// <summary>Loads <paramref name="path"/>; a missing file is an empty list.</summary>
    /// <param name="path">The file, named in errors as given.</param>
    /// <param name="today">The day expiry is judged against (UTC date in production).</param>
    /// <param name="suites">Suite names the matrix defines (null: not checked).</param>
    /// <param name="targets">Target names the matrix defines (null: not checked).</param>
    public static QuarantineList Load(string path, DateOnly today, IReadOnlySet<string>? suites = null, IReadOnlySet<string>? targets = null)
    {
        if (!File.Exists(path))
        {
            return Directory.Exists(path) ? throw new QuarantineException(path, 0, 0, "(file)", "is a folder, not a quarantine file") : QuarantineList.None(path);
        }

        var info = new FileInfo(path);
        if (info.Attributes.HasFlag(FileAttributes.Device) || info.Length > MaxBytes)
        {
            throw new QuarantineException(path, 0, 0, "(file)", $"expected a regular file of at most {MaxBytes / 1024} KiB, got {(info.Length > MaxBytes ? info.Length + " bytes" : "a device or pipe")}");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException e)
        {
            throw new QuarantineException(path, 0, 0, "(file)", $"not UTF-8 text: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QuarantineException(path, 0, 0, "(file)", $"cannot be read: {e.Message}");
        }

        return Parse(text, path, today, suites, targets);
    }

    /// <summary>Parses quarantine.yml text; see <see cref="Load"/>.</summary>
    public static QuarantineList Parse(string text, string file, DateOnly today, IReadOnlySet<string>? suites = null, IReadOnlySet<string>? targets = null)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(text, file);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new QuarantineException(file, (int)e.Start.Line, (int)e.Start.Column, "(yaml)", e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Duplicate keys (ArgumentException from the mapping) and a text ending inside [ or { (InvalidOperationException).
            throw new QuarantineException(file, 0, 0, "(yaml)", e.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return QuarantineList.None(file);
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Error(file, stream.Documents[0].RootNode, "(root)", "expected a mapping with version: 1 and quarantine: [...]");
        foreach (var key in root.Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value;
            if (name is not ("version" or "quarantine"))
            {
                throw Error(file, key, name ?? "?", "unknown key; expected version or quarantine");
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("version"), out var version) || version is not YamlScalarNode { Value: "1" })
        {
            throw Error(file, root.Children.TryGetValue(new YamlScalarNode("version"), out var v) ? v : root, "version", "expected 1");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("quarantine"), out var list) || list is YamlScalarNode { Value: null or "" })
        {
            return QuarantineList.None(file);
        }

        var sequence = list as YamlSequenceNode ?? throw Error(file, list, "quarantine", "expected a list of entries (- test: ...)");
        var entries = new List<QuarantineEntry>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var entry = ReadEntry(file, sequence.Children[i], $"quarantine[{i}]", today, suites, targets);
            var twin = entries.FirstOrDefault(e => e.Id == entry.Id && e.Target == entry.Target);
            if (twin is not null)
            {
                throw Error(file, sequence.Children[i], $"quarantine[{i}].test", $"{entry.Id} is quarantined twice (also on line {twin.Line})");
            }

            entries.Add(entry);
        }

        return new QuarantineList(file, entries);
    }

    private static QuarantineEntry ReadEntry(string file, YamlNode node, string path, DateOnly today, IReadOnlySet<string>? suites, IReadOnlySet<string>? targets)
    {
        var map = node as YamlMappingNode ?? throw Error(file, node, path, "expected an entry with test, tracker, owner and expires");
        foreach (var key in map.Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!EntryKeys.Contains(name))
            {
                throw Error(file, key, $"{path}.{name}", $"unknown key; expected one of {string.Join(", ", EntryKeys)}");
            }
        }

        var (test, testNode) = Required(file, map, path, "test", "SUITE or SUITE/TEST (the test's method name)");
        var match = TestPattern().Match(test);
        if (!match.Success)
        {
            throw Error(file, testNode, $"{path}.test", $"expected SUITE or SUITE/TEST (e.g. suspend-wifi or usbguard/An_unknown_stick_is_blocked), got '{test}'");
        }

        var suite = match.Groups["suite"].Value;
        if (suites is not null && !suites.Contains(suite))
        {
            throw Error(file, testNode, $"{path}.test", $"no suite '{suite}' in the matrix (suites: {string.Join(", ", suites.Order(StringComparer.Ordinal))})");
        }

        var target = Optional(map, "target", out var targetNode);
        if (target is not null && targets is not null && !targets.Contains(target))
        {
            throw Error(file, targetNode!, $"{path}.target", $"no target '{target}' in the matrix (targets: {string.Join(", ", targets.Order(StringComparer.Ordinal))})");
        }

        var (trackerText, trackerNode) = Required(file, map, path, "tracker", "the issue's http(s) URL");
        if (!Uri.TryCreate(trackerText, UriKind.Absolute, out var tracker) || tracker.Scheme is not ("https" or "http"))
        {
            throw Error(file, trackerNode, $"{path}.tracker", $"expected the issue's http(s) URL, got '{trackerText}'");
        }

        var (owner, _) = Required(file, map, path, "owner", "who fixes it");
        var (expiresText, expiresNode) = Required(file, map, path, "expires", "a date YYYY-MM-DD");
        if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
        {
            throw Error(file, expiresNode, $"{path}.expires", $"expected a date YYYY-MM-DD, got '{expiresText}'");
        }

        var id = test + (target is null ? string.Empty : " on " + target);
        if (expires < today)
        {
            throw Error(file, expiresNode, $"{path}.expires",
                $"quarantine of {id} expired on {expires:yyyy-MM-dd} (owner {owner}, {tracker}): fix the test and remove the entry, or renew it with a new date");
        }

        if (expires > today.AddDays(MaxDaysAhead))
        {
            throw Error(file, expiresNode, $"{path}.expires",
                $"{expires:yyyy-MM-dd} is more than {MaxDaysAhead} days ahead (latest {today.AddDays(MaxDaysAhead):yyyy-MM-dd}): a quarantine is renewed, not set for good");
        }

        var reason = Optional(map, "reason", out _);
        var test2 = match.Groups["test"].Success ? match.Groups["test"].Value : null;
        return new QuarantineEntry(suite, test2, target, tracker, owner, expires, reason, (int)node.Start.Line);
    }

    // The representation model recurses per nesting level: refuse deep nesting from the parser's events first,
    // so "[[[[..." cannot overflow the stack.
    private static void CheckDepth(string text, string file)
    {
        const int maxDepth = 8;
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > maxDepth)
                    {
                        throw new QuarantineException(file, (int)parser.Current.Start.Line, (int)parser.Current.Start.Column, "(yaml)", $"nested deeper than {maxDepth} levels; quarantine.yml is a flat list");
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static (string Value, YamlNode Node) Required(string file, YamlMappingNode map, string path, string key, string expected)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            throw Error(file, map, $"{path}.{key}", $"missing; expected {expected}");
        }

        return node is YamlScalarNode { Value: { Length: > 0 } value } && !string.IsNullOrWhiteSpace(value)
            ? (value.Trim(), node)
            : throw Error(file, node, $"{path}.{key}", $"expected {expected}");
    }

    private static string? Optional(YamlMappingNode map, string key, out YamlNode? node) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value.Trim() : null;

    private static QuarantineException Error(string file, YamlNode node, string field, string problem) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, field, problem);

    [GeneratedRegex("^(?<suite>[a-z0-9][a-z0-9-]*)(/(?<test>[A-Za-z_][A-Za-z0-9_]*))?$")]
    private static partial Regex TestPattern();
}
