using System.Globalization;

namespace VeilorQA.Harness.Guest.Branding;

/// <summary>Owner, group, permission bits and type of a file, from <c>stat -c '%a %U %G %F|%n'</c>.</summary>
public sealed record FileStatus(string Path, int Mode, string Owner, string Group, string Type)
{
    public const string Format = "%a %U %G %F|%n";

    /// <summary>The permission bits in octal (<c>0644</c>).</summary>
    public string ModeText => "0" + Convert.ToString(Mode, 8).PadLeft(3, '0');

    public bool IsRegularFile => Type is "regular file" or "regular empty file";

    public bool IsGroupOrWorldWritable => (Mode & 0b000_010_010) != 0;

    public static string Command(string path) => $"stat -c {ProbeShell.Quote(Format)} -- {ProbeShell.Quote(path)}";

    public override string ToString() => $"{Path}: {Type}, {ModeText}, {Owner}:{Group}";

    /// <exception cref="GuestOutputException">Not a line of that format.</exception>
    public static FileStatus Parse(string line)
    {
        var text = line.Trim();
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        var words = bar < 0 ? [] : text[..bar].Split(' ', 4);
        if (words.Length != 4 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new GuestOutputException($"stat -c '{Format}'", "not 'MODE OWNER GROUP TYPE|PATH'", line);
        }

        return new FileStatus(text[(bar + 1)..], Convert.ToInt32(words[0], 8), words[1], words[2], words[3]);
    }
}
