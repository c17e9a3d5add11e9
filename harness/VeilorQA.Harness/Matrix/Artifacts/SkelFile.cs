namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>A file a new user must get from <c>/etc/skel</c>, owned by that user, with what it must say.</summary>
/// <param name="Path">Relative to the user's home, e.g. <c>.config/kdeglobals</c>.</param>
/// <param name="Mode">The permission bits it must have (e.g. 0644 octal = 420), or null: not group- or world-writable.</param>
/// <param name="Keys">KDE-style settings it must hold (<c>[KDE] LookAndFeelPackage</c> = value).</param>
/// <param name="Contains">Lines it must contain verbatim (e.g. the shell profile's <c>source</c> line).</param>
public sealed record SkelFile(string Path, int? Mode, ValueList<SkelSetting> Keys, ValueList<string> Contains)
{
    /// <summary>The mode as octal digits, e.g. <c>0644</c>.</summary>
    public string? ModeText => Mode is { } mode ? "0" + Convert.ToString(mode, 8).PadLeft(3, '0') : null;
}
