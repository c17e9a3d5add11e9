namespace VeilorQA.Harness.Libvirt.Keys;

/// <summary>Parses a combination such as <c>ctrl-alt-delete</c>, <c>ret</c> or <c>alt-f2</c> into one key press.</summary>
public static class KeyCombo
{
    /// <exception cref="ArgumentException">Names the unknown key.</exception>
    public static KeyPress Parse(string combo)
    {
        if (string.IsNullOrWhiteSpace(combo))
        {
            throw new ArgumentException("A key combination needs at least one key.", nameof(combo));
        }

        // "minus" spells the '-' key, so splitting on '-' is unambiguous.
        var codes = new List<uint>();
        foreach (var name in combo.Trim().Split('-'))
        {
            if (!LinuxKeyCodes.TryGet(name, out var code))
            {
                throw new ArgumentException($"Unknown key '{name}' in '{combo}'. Known keys: {string.Join(' ', LinuxKeyCodes.Names)}.", nameof(combo));
            }

            codes.Add(code);
        }

        if (codes.Count > LibvirtDomain.MaxKeysPerSend)
        {
            throw new ArgumentException($"'{combo}' presses {codes.Count} keys; send-key takes at most {LibvirtDomain.MaxKeysPerSend}.", nameof(combo));
        }

        return new KeyPress(codes);
    }
}
