using System.Collections.Frozen;

namespace VeilorQA.Harness.Channels.Keyboard;

/// <summary>Turns text and combo names into key presses for a US keyboard (QEMU qcodes and Linux keycodes).</summary>
/// <remarks>
/// Used by every keyboard channel (libvirt send-key, a lab's KVM-over-IP): typing a passphrase into
/// a LUKS prompt that only listens to the emulated keyboard needs the exact keys a US layout uses,
/// shifted symbols included.
/// </remarks>
public sealed class KeyboardLayout
{
    private readonly FrozenDictionary<string, Key> _byName;
    private readonly FrozenDictionary<string, string> _aliases;
    private readonly FrozenDictionary<char, KeyCombo> _byCharacter;

    private KeyboardLayout(IEnumerable<Key> keys, IReadOnlyDictionary<string, string> aliases, IReadOnlyDictionary<char, (string Key, bool Shift)> characters)
    {
        _byName = keys.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
        _aliases = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        var shift = _byName["shift"];
        _byCharacter = characters.ToFrozenDictionary(
            c => c.Key,
            c => new KeyCombo(c.Value.Shift ? [shift, _byName[c.Value.Key]] : [_byName[c.Value.Key]]));
    }

    /// <summary>The US (QWERTY, ANSI) layout.</summary>
    public static KeyboardLayout Us { get; } = CreateUs();

    /// <summary>Every key the layout knows.</summary>
    public IReadOnlyCollection<Key> Keys => _byName.Values;

    /// <summary>The characters <see cref="Type"/> accepts: printable ASCII, newline and tab.</summary>
    public IReadOnlyCollection<char> TypableCharacters => _byCharacter.Keys;

    /// <summary>One combo per character of <paramref name="text"/> (<c>A</c> → <c>shift-a</c>, <c>\n</c> → <c>ret</c>).</summary>
    /// <exception cref="ArgumentException">A character a US keyboard cannot type; names it and its position.</exception>
    public IReadOnlyList<KeyCombo> Type(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var combos = new List<KeyCombo>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!_byCharacter.TryGetValue(text[i], out var combo))
            {
                throw new ArgumentException($"Character U+{(int)text[i]:X4} at position {i} cannot be typed on a US keyboard.", nameof(text));
            }

            combos.Add(combo);
        }

        return combos;
    }

    /// <summary>Parses a combo such as <c>ctrl-alt-delete</c>, <c>ret</c>, <c>f2</c>, <c>shift-a</c>, <c>ctrl-c</c>, <c>ctrl--</c> (ctrl and minus).</summary>
    /// <remarks>
    /// Names are QEMU qcodes or common aliases (<c>enter</c>, <c>esc</c>, <c>space</c>, <c>del</c>, <c>super</c>),
    /// case-insensitive; a single character stands for the key that types it, shift added when needed (<c>ctrl-?</c>).
    /// </remarks>
    /// <exception cref="FormatException">An unknown key name; the message names it.</exception>
    public KeyCombo Parse(string combo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(combo);
        var text = combo.Trim();
        string last;
        string rest;
        if (text == "-")
        {
            (last, rest) = ("-", string.Empty);
        }
        else if (text.EndsWith("--", StringComparison.Ordinal))
        {
            (last, rest) = ("-", text[..^2]);
        }
        else
        {
            var cut = text.LastIndexOf('-');
            (last, rest) = cut < 0 ? (text, string.Empty) : (text[(cut + 1)..], text[..cut]);
        }

        var parts = rest.Length == 0 ? new List<string>() : rest.Split('-').ToList();
        parts.Add(last);
        var keys = new List<Key>();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                throw new FormatException($"Key combination '{combo}' has an empty key name.");
            }

            foreach (var key in Resolve(part, combo))
            {
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return new KeyCombo(keys);
    }

    /// <summary>The key of a qcode name or alias.</summary>
    /// <exception cref="FormatException">Unknown name.</exception>
    public Key KeyNamed(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var lower = name.ToLowerInvariant();
        if (_byName.TryGetValue(lower, out var key))
        {
            return key;
        }

        if (_aliases.TryGetValue(lower, out var target))
        {
            return _byName[target];
        }

        throw new FormatException($"Unknown key '{name}'. Known: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}.");
    }

    private IEnumerable<Key> Resolve(string part, string combo)
    {
        if (part.Length == 1 && _byCharacter.TryGetValue(part[0], out var typed))
        {
            return typed.Keys;
        }

        try
        {
            return [KeyNamed(part)];
        }
        catch (FormatException e)
        {
            throw new FormatException($"Key combination '{combo}': {e.Message}", e);
        }
    }

    private static KeyboardLayout CreateUs()
    {
        var keys = new List<Key>
        {
            new("shift", 42, "KEY_LEFTSHIFT", true),
            new("shift_r", 54, "KEY_RIGHTSHIFT", true),
            new("ctrl", 29, "KEY_LEFTCTRL", true),
            new("ctrl_r", 97, "KEY_RIGHTCTRL", true),
            new("alt", 56, "KEY_LEFTALT", true),
            new("alt_r", 100, "KEY_RIGHTALT", true),
            new("meta_l", 125, "KEY_LEFTMETA", true),
            new("meta_r", 126, "KEY_RIGHTMETA", true),
            new("esc", 1, "KEY_ESC"),
            new("minus", 12, "KEY_MINUS"),
            new("equal", 13, "KEY_EQUAL"),
            new("backspace", 14, "KEY_BACKSPACE"),
            new("tab", 15, "KEY_TAB"),
            new("bracket_left", 26, "KEY_LEFTBRACE"),
            new("bracket_right", 27, "KEY_RIGHTBRACE"),
            new("ret", 28, "KEY_ENTER"),
            new("semicolon", 39, "KEY_SEMICOLON"),
            new("apostrophe", 40, "KEY_APOSTROPHE"),
            new("grave_accent", 41, "KEY_GRAVE"),
            new("backslash", 43, "KEY_BACKSLASH"),
            new("comma", 51, "KEY_COMMA"),
            new("dot", 52, "KEY_DOT"),
            new("slash", 53, "KEY_SLASH"),
            new("kp_multiply", 55, "KEY_KPASTERISK"),
            new("spc", 57, "KEY_SPACE"),
            new("caps_lock", 58, "KEY_CAPSLOCK"),
            new("num_lock", 69, "KEY_NUMLOCK"),
            new("scroll_lock", 70, "KEY_SCROLLLOCK"),
            new("kp_subtract", 74, "KEY_KPMINUS"),
            new("kp_add", 78, "KEY_KPPLUS"),
            new("kp_decimal", 83, "KEY_KPDOT"),
            new("less", 86, "KEY_102ND"),
            new("kp_enter", 96, "KEY_KPENTER"),
            new("kp_divide", 98, "KEY_KPSLASH"),
            new("sysrq", 99, "KEY_SYSRQ"),
            new("home", 102, "KEY_HOME"),
            new("up", 103, "KEY_UP"),
            new("pgup", 104, "KEY_PAGEUP"),
            new("left", 105, "KEY_LEFT"),
            new("right", 106, "KEY_RIGHT"),
            new("end", 107, "KEY_END"),
            new("down", 108, "KEY_DOWN"),
            new("pgdn", 109, "KEY_PAGEDOWN"),
            new("insert", 110, "KEY_INSERT"),
            new("delete", 111, "KEY_DELETE"),
            new("pause", 119, "KEY_PAUSE"),
            new("compose", 127, "KEY_COMPOSE"),
            new("menu", 139, "KEY_MENU"),
        };

        // Digits: KEY_1..KEY_9 are 2..10, KEY_0 is 11.
        for (var d = 1; d <= 9; d++)
        {
            keys.Add(new Key(d.ToString(System.Globalization.CultureInfo.InvariantCulture), (uint)(d + 1), $"KEY_{d}"));
        }

        keys.Add(new Key("0", 11, "KEY_0"));

        // Letters follow the physical rows, not the alphabet.
        AddRow(keys, "qwertyuiop", 16);
        AddRow(keys, "asdfghjkl", 30);
        AddRow(keys, "zxcvbnm", 44);

        // F1..F10 are 59..68; F11 and F12 come later (87, 88).
        for (var f = 1; f <= 10; f++)
        {
            keys.Add(new Key($"f{f}", (uint)(58 + f), $"KEY_F{f}"));
        }

        keys.Add(new Key("f11", 87, "KEY_F11"));
        keys.Add(new Key("f12", 88, "KEY_F12"));

        // Keypad digits: KEY_KP7 71 .. as the keypad is laid out.
        var keypad = new Dictionary<int, uint> { [7] = 71, [8] = 72, [9] = 73, [4] = 75, [5] = 76, [6] = 77, [1] = 79, [2] = 80, [3] = 81, [0] = 82 };
        foreach (var (digit, code) in keypad)
        {
            keys.Add(new Key($"kp_{digit}", code, $"KEY_KP{digit}"));
        }

        var aliases = new Dictionary<string, string>
        {
            ["enter"] = "ret",
            ["return"] = "ret",
            ["escape"] = "esc",
            ["space"] = "spc",
            ["del"] = "delete",
            ["ins"] = "insert",
            ["bksp"] = "backspace",
            ["control"] = "ctrl",
            ["lctrl"] = "ctrl",
            ["rctrl"] = "ctrl_r",
            ["lalt"] = "alt",
            ["ralt"] = "alt_r",
            ["altgr"] = "alt_r",
            ["lshift"] = "shift",
            ["rshift"] = "shift_r",
            ["super"] = "meta_l",
            ["meta"] = "meta_l",
            ["win"] = "meta_l",
            ["pageup"] = "pgup",
            ["pagedown"] = "pgdn",
            ["capslock"] = "caps_lock",
            ["grave"] = "grave_accent",
            ["printscreen"] = "sysrq",
        };

        var characters = new Dictionary<char, (string, bool)>
        {
            [' '] = ("spc", false),
            ['\n'] = ("ret", false),
            ['\t'] = ("tab", false),
        };
        for (var c = 'a'; c <= 'z'; c++)
        {
            characters[c] = (c.ToString(), false);
            characters[char.ToUpperInvariant(c)] = (c.ToString(), true);
        }

        AddPairs(characters, "1234567890", "!@#$%^&*()", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]);
        AddPairs(characters, "-=[]\\;',./`", "_+{}|:\"<>?~", ["minus", "equal", "bracket_left", "bracket_right", "backslash", "semicolon", "apostrophe", "comma", "dot", "slash", "grave_accent"]);

        return new KeyboardLayout(keys, aliases, characters);
    }

    private static void AddRow(List<Key> keys, string letters, uint firstCode)
    {
        for (var i = 0; i < letters.Length; i++)
        {
            keys.Add(new Key(letters[i].ToString(), firstCode + (uint)i, $"KEY_{char.ToUpperInvariant(letters[i])}"));
        }
    }

    private static void AddPairs(Dictionary<char, (string, bool)> characters, string plain, string shifted, string[] keyNames)
    {
        for (var i = 0; i < plain.Length; i++)
        {
            characters[plain[i]] = (keyNames[i], false);
            characters[shifted[i]] = (keyNames[i], true);
        }
    }
}
