namespace VeilorQA.Harness.Matrix.Yaml;

/// <summary>Typed access to one mapping of the matrix; rejects unknown keys and inline secrets on construction.</summary>
internal sealed class MappingReader
{
    // A key whose last word is one of these would hold a secret value; the schema only has *_env / *_file.
    private static readonly string[] SecretWords = ["password", "passphrase", "secret", "token", "psk"];

    // "key" alone is too common a word (send_key); these spellings hold key material.
    private static readonly string[] SecretKeyNames = ["key", "private_key", "ssh_key", "api_key", "secret_key"];

    private readonly MatrixReadContext _context;
    private readonly YamlMapping _mapping;

    public MappingReader(MatrixReadContext context, YamlMapping mapping, string path, YamlPosition owner, IReadOnlyList<string> allowedKeys)
    {
        _context = context;
        _mapping = mapping;
        Path = path;
        Owner = owner;
        foreach (var (key, _) in mapping.Entries)
        {
            if (IsInlineSecret(key.Value))
            {
                throw context.Error(key.Start, PathOf(key.Value),
                    $"a reference: {key.Value}_env (an environment variable) or {key.Value}_file (a file), never the secret itself",
                    "an inline secret (value not shown)");
            }

            if (!allowedKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                throw context.Error(key.Start, PathOf(key.Value),
                    $"one of the keys {string.Join(", ", allowedKeys)}", $"unknown key '{key.Value}'");
            }
        }
    }

    /// <summary>Dotted path of this mapping, e.g. <c>targets.refvm</c>.</summary>
    public string Path { get; }

    /// <summary>Where the key that holds this mapping is; missing keys are reported there.</summary>
    public YamlPosition Owner { get; }

    public MatrixReadContext Context => _context;

    public IEnumerable<KeyValuePair<YamlScalar, YamlNode>> Entries => _mapping.Entries;

    public string PathOf(string key) => MatrixReadContext.Join(Path, key);

    /// <summary>The value node, or null when the key is absent.</summary>
    public YamlNode? Value(string key) => _mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    /// <summary>True when the key is present with a non-empty value; an explicit null counts as absent for optional keys.</summary>
    public bool IsSet(string key) => Value(key) is { } node && node is not YamlScalar { IsNull: true };

    public YamlPosition KeyPosition(string key) => _mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Key?.Start ?? Owner;

    public YamlPosition ValuePosition(string key) => Value(key)?.Start ?? Owner;

    public string RequiredString(string key, string expected = "a string") => _context.String(Value(key), PathOf(key), Owner, expected);

    public string? OptionalString(string key, string expected = "a string") => IsSet(key) ? RequiredString(key, expected) : null;

    public int RequiredInt(string key, int min, int max) => _context.Integer(Value(key), PathOf(key), Owner, min, max);

    public int OptionalInt(string key, int min, int max, int fallback) => IsSet(key) ? RequiredInt(key, min, max) : fallback;

    public int? OptionalIntOrNull(string key, int min, int max) => IsSet(key) ? RequiredInt(key, min, max) : null;

    public bool OptionalBool(string key, bool fallback) => IsSet(key) ? _context.Boolean(Value(key), PathOf(key), Owner) : fallback;

    public T RequiredEnum<T>(string key, EnumNames<T> names)
        where T : struct, Enum => _context.Enum(Value(key), PathOf(key), Owner, names);

    public T OptionalEnum<T>(string key, EnumNames<T> names, T fallback)
        where T : struct, Enum => IsSet(key) ? RequiredEnum(key, names) : fallback;

    public MappingReader RequiredMapping(string key, IReadOnlyList<string> allowedKeys, string? description = null) =>
        _context.Mapping(Value(key), PathOf(key), KeyPosition(key), allowedKeys, description);

    public MappingReader? OptionalMapping(string key, IReadOnlyList<string> allowedKeys, string? description = null) =>
        IsSet(key) ? RequiredMapping(key, allowedKeys, description) : null;

    public YamlSequence RequiredSequence(string key, string expected) => _context.Sequence(Value(key), PathOf(key), Owner, expected);

    public YamlSequence? OptionalSequence(string key, string expected) => IsSet(key) ? RequiredSequence(key, expected) : null;

    /// <summary>A path relative to the matrix file, made absolute.</summary>
    public string? OptionalPath(string key, string expected) =>
        OptionalString(key, expected) is { } path ? _context.ResolvePath(path) : null;

    /// <summary>Reads <c>{name}_env</c> or <c>{name}_file</c> (at most one) as a reference to a secret.</summary>
    public SecretReference? OptionalSecret(string name)
    {
        var envKey = name + "_env";
        var fileKey = name + "_file";
        if (IsSet(envKey) && IsSet(fileKey))
        {
            throw _context.Error(KeyPosition(fileKey), PathOf(fileKey),
                $"only one of {envKey} and {fileKey}", "both");
        }

        if (IsSet(envKey))
        {
            var variable = RequiredString(envKey, "an environment variable name");
            if (!IsEnvironmentVariableName(variable))
            {
                // The value may be the secret pasted by mistake: never echo it.
                throw _context.Error(ValuePosition(envKey), PathOf(envKey),
                    "an environment variable name (letters, digits, '_', not starting with a digit)", "something else (value not shown)");
            }

            return SecretReference.Environment(variable);
        }

        return IsSet(fileKey) ? SecretReference.File(_context.ResolvePath(RequiredString(fileKey, "a file path"))) : null;
    }

    public SecretReference RequiredSecret(string name) =>
        OptionalSecret(name) ?? throw _context.Missing(Owner, PathOf(name + "_env"), $"{name}_env (an environment variable) or {name}_file (a file)");

    private static bool IsInlineSecret(string key)
    {
        if (key.EndsWith("_env", StringComparison.Ordinal) || key.EndsWith("_file", StringComparison.Ordinal))
            return false;
        var lastWord = key[(key.LastIndexOf('_') + 1)..];
        return SecretWords.Contains(lastWord, StringComparer.Ordinal) || SecretKeyNames.Contains(key, StringComparer.Ordinal);
    }

    private static bool IsEnvironmentVariableName(string text) =>
        text.Length > 0 && !char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
