using System.Text.RegularExpressions;
using VeilorQA.Harness.Matrix.Artifacts;

namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Reads an artifact's <c>branding:</c> block: os-release values, the boot entry text, the /etc/skel files.</summary>
internal static partial class BrandingSection
{
    public const string Key = "branding";

    private static readonly string[] Keys = ["os_release", "boot_entry", "skel"];
    private static readonly string[] FileKeys = ["mode", "keys", "contains"];

    /// <summary>The block under <paramref name="artifact"/>'s <c>branding:</c>, or null when there is none.</summary>
    public static Branding? Read(MatrixReadContext context, MappingReader artifact)
    {
        var map = artifact.OptionalMapping(Key, Keys,
            "a mapping with os_release (os-release fields), boot_entry (text of the boot menu entry) and/or skel (files from /etc/skel)");
        if (map is null)
            return null;
        if (!Keys.Any(map.IsSet))
            throw context.Error(map.Owner, map.Path, "at least one of os_release, boot_entry, skel", "an empty branding block");

        return new Branding(ReadOsRelease(context, map), map.OptionalString("boot_entry", "text the boot menu entry's title contains"), ReadSkel(context, map));
    }

    private static ValueList<OsReleaseValue> ReadOsRelease(MatrixReadContext context, MappingReader branding)
    {
        const string expected = "a mapping of os-release fields (NAME, PRETTY_NAME, ...) to the values they must have";
        if (!branding.IsSet("os_release"))
            return ValueList<OsReleaseValue>.Empty;
        var node = branding.Value("os_release")!;
        if (node is not YamlMapping mapping || mapping.Entries.Count == 0)
            throw context.Error(node.Start, branding.PathOf("os_release"), expected, node is YamlMapping ? "an empty mapping" : node.Describe());
        var values = new List<OsReleaseValue>();
        foreach (var (key, value) in mapping.Entries)
        {
            var path = MatrixReadContext.Join(branding.PathOf("os_release"), key.Value);
            if (!OsReleaseKeyPattern().IsMatch(key.Value))
                throw context.Error(key.Start, path, "an os-release field name of capital letters, digits and '_' (like PRETTY_NAME)", $"'{key.Value}'");
            values.Add(new OsReleaseValue(key.Value, context.String(value, path, key.Start, "the value the field must have")));
        }

        return new ValueList<OsReleaseValue>(values);
    }

    private static ValueList<SkelFile> ReadSkel(MatrixReadContext context, MappingReader branding)
    {
        const string expected = "a mapping of paths relative to the new user's home (like .config/kdeglobals) to what each file must hold";
        if (!branding.IsSet("skel"))
            return ValueList<SkelFile>.Empty;
        var node = branding.Value("skel")!;
        if (node is not YamlMapping mapping || mapping.Entries.Count == 0)
            throw context.Error(node.Start, branding.PathOf("skel"), expected, node is YamlMapping ? "an empty mapping" : node.Describe());
        var files = new List<SkelFile>();
        foreach (var (key, value) in mapping.Entries)
        {
            var path = MatrixReadContext.Join(branding.PathOf("skel"), key.Value);
            if (!IsHomeRelative(key.Value))
                throw context.Error(key.Start, path, "a path relative to the home folder, without '..' (like .config/kdeglobals)", $"'{key.Value}'");
            files.Add(value is YamlScalar { IsNull: true }
                ? new SkelFile(key.Value, null, ValueList<SkelSetting>.Empty, ValueList<string>.Empty)
                : ReadSkelFile(context, context.Mapping(value, path, key.Start, FileKeys, "a mapping with mode, keys and/or contains"), key.Value));
        }

        return new ValueList<SkelFile>(files);
    }

    private static SkelFile ReadSkelFile(MatrixReadContext context, MappingReader file, string relativePath)
    {
        const string modeExpected = "permission bits as an octal string like \"0644\"";
        int? mode = null;
        if (file.OptionalString("mode", modeExpected) is { } text)
        {
            if (!ModePattern().IsMatch(text))
                throw context.Error(file.ValuePosition("mode"), file.PathOf("mode"), modeExpected, $"'{text}'");
            mode = Convert.ToInt32(text, 8);
        }

        var settings = new List<SkelSetting>();
        if (file.IsSet("keys"))
        {
            const string keysExpected = "a mapping of \"[Group] Key\" (the group header as the file writes it, then the key) to the value";
            var node = file.Value("keys")!;
            if (node is not YamlMapping keys || keys.Entries.Count == 0)
                throw context.Error(node.Start, file.PathOf("keys"), keysExpected, node is YamlMapping ? "an empty mapping" : node.Describe());
            foreach (var (key, value) in keys.Entries)
            {
                var path = MatrixReadContext.Join(file.PathOf("keys"), key.Value);
                var match = SettingPattern().Match(key.Value);
                if (!match.Success)
                    throw context.Error(key.Start, path, "\"[Group] Key\", e.g. \"[KDE] LookAndFeelPackage\" or \"[Greeter][Wallpaper][org.kde.image][General] Image\"", $"'{key.Value}'");
                settings.Add(new SkelSetting(match.Groups["group"].Value, match.Groups["key"].Value.Trim(), context.String(value, path, key.Start, "the value the key must have")));
            }
        }

        var lines = new List<string>();
        if (file.OptionalSequence("contains", "a list of lines the file must contain") is { } sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
                lines.Add(context.String(sequence.Items[i], $"{file.PathOf("contains")}[{i}]", sequence.Start, "a line the file must contain"));
        }

        return new SkelFile(relativePath, mode, new ValueList<SkelSetting>(settings), new ValueList<string>(lines));
    }

    private static bool IsHomeRelative(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.StartsWith('~') && !path.Split('/').Any(p => p is ".." or "." or "")
        && !path.Any(char.IsControl);

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex OsReleaseKeyPattern();

    [GeneratedRegex("^0?[0-7]{3,4}$")]
    private static partial Regex ModePattern();

    [GeneratedRegex(@"^(?<group>(\[[^\[\]]+\])+)\s*(?<key>[^\s\[\]=][^\[\]=]*)$")]
    private static partial Regex SettingPattern();
}
