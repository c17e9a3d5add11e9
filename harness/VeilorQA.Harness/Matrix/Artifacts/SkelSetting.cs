namespace VeilorQA.Harness.Matrix.Artifacts;

/// <summary>
/// One key of a KDE-style configuration file and the value it must have. <see cref="Group"/> is the group header as
/// the file writes it, nested groups included (<c>[Greeter][Wallpaper][org.kde.image][General]</c>); the matrix writes
/// both together as <c>"[KDE] LookAndFeelPackage"</c>.
/// </summary>
public sealed record SkelSetting(string Group, string Key, string Value)
{
    /// <summary>How the matrix writes it: <c>[Group] Key</c>.</summary>
    public string Name => $"{Group} {Key}";

    public override string ToString() => $"{Name} = {Value}";
}
