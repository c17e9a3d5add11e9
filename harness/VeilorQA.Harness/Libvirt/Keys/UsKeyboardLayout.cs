namespace VeilorQA.Harness.Libvirt.Keys;

/// <summary>Maps text to key presses on a US keyboard (shift for capitals and the upper symbols).</summary>
public static class UsKeyboardLayout
{
    // Same position in both strings = same physical key.
    private const string Unshifted = "`1234567890-=[]\\;',./";
    private const string Shifted = "~!@#$%^&*()_+{}|:\"<>?";
    private static readonly string[] SymbolKeys =
        ["grave", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "minus", "equal", "bracket_left", "bracket_right", "backslash", "semicolon", "apostrophe", "comma", "dot", "slash"];

    /// <summary>One key press per character.</summary>
    /// <exception cref="ArgumentException">A character has no key on a US keyboard; names it and its position.</exception>
    public static IReadOnlyList<KeyPress> ToKeyPresses(string text)
    {
        var presses = new List<KeyPress>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            presses.Add(ToKeyPress(text[i]) ?? throw new ArgumentException(
                $"Character U+{(int)text[i]:X4} '{text[i]}' at position {i} has no key on a US keyboard.", nameof(text)));
        }

        return presses;
    }

    private static KeyPress? ToKeyPress(char c)
    {
        switch (c)
        {
            case '\n':
                return Plain(LinuxKeyCodes.Enter);
            case '\t':
                return Plain(LinuxKeyCodes.Tab);
            case ' ':
                return Plain(LinuxKeyCodes.Space);
            case '\b':
                return Plain(LinuxKeyCodes.Backspace);
        }

        if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
        {
            return Named(c.ToString(), shift: false);
        }

        if (char.IsAsciiLetterUpper(c))
        {
            return Named(char.ToLowerInvariant(c).ToString(), shift: true);
        }

        var unshifted = Unshifted.IndexOf(c, StringComparison.Ordinal);
        if (unshifted >= 0)
        {
            return Named(SymbolKeys[unshifted], shift: false);
        }

        var shifted = Shifted.IndexOf(c, StringComparison.Ordinal);
        return shifted >= 0 ? Named(SymbolKeys[shifted], shift: true) : null;
    }

    private static KeyPress Plain(uint code) => new([code]);

    private static KeyPress Named(string key, bool shift)
    {
        LinuxKeyCodes.TryGet(key, out var code);
        return shift ? new KeyPress([LinuxKeyCodes.LeftShift, code]) : new KeyPress([code]);
    }
}
