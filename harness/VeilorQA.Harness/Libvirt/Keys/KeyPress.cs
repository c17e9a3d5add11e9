namespace VeilorQA.Harness.Libvirt.Keys;

/// <summary>Keys pressed together then released: modifiers first, the key last (one send-key call).</summary>
public sealed record KeyPress(IReadOnlyList<uint> Keycodes)
{
    public override string ToString() => string.Join('+', Keycodes);
}
