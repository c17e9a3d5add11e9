namespace VeilorQA.Harness.Channels.Keyboard;

/// <summary>Keys pressed together, modifiers first (<c>shift-a</c>, <c>ctrl-alt-delete</c>); one send-key call.</summary>
public sealed class KeyCombo : IEquatable<KeyCombo>
{
    public KeyCombo(IReadOnlyList<Key> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("A key combination has at least one key.", nameof(keys));
        }

        // Modifiers go down first so the guest sees ctrl/shift held when the main key arrives.
        Keys = [.. keys.Where(k => k.IsModifier), .. keys.Where(k => !k.IsModifier)];
    }

    public IReadOnlyList<Key> Keys { get; }

    /// <summary>QEMU qcode names, in press order.</summary>
    public IReadOnlyList<string> QcodeNames => Keys.Select(k => k.Name).ToArray();

    /// <summary>Linux input keycodes, in press order (libvirt <c>virDomainSendKey</c> with <c>VIR_KEYCODE_SET_LINUX</c>).</summary>
    public uint[] LinuxKeycodes => Keys.Select(k => k.LinuxCode).ToArray();

    /// <summary>Kernel <c>KEY_*</c> names, in press order.</summary>
    public IReadOnlyList<string> LinuxNames => Keys.Select(k => k.LinuxName).ToArray();

    public bool Equals(KeyCombo? other) => other is not null && Keys.SequenceEqual(other.Keys);

    public override bool Equals(object? obj) => obj is KeyCombo other && Equals(other);

    public override int GetHashCode() => Keys.Aggregate(17, (hash, key) => (hash * 31) + key.GetHashCode());

    /// <summary>The combo as written, e.g. <c>ctrl-alt-delete</c>.</summary>
    public override string ToString() => string.Join('-', Keys.Select(k => k.Name));
}
