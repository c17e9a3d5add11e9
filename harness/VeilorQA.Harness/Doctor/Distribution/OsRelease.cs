using System.Text;

namespace VeilorQA.Harness.Doctor.Distribution;

/// <summary>
/// The distribution named by <c>/etc/os-release</c> (os-release(5)): <c>ID</c>, <c>VERSION_ID</c>, <c>ID_LIKE</c> and
/// <c>PRETTY_NAME</c>. The harness reads it so <c>veilorqa doctor</c> and <c>scripts/setup.sh</c> give the fix of the
/// distribution they run on (Debian 12 here, Fedora 43 on veilor's runner nullstone).
/// </summary>
public sealed record OsRelease(string Id, string VersionId, IReadOnlyList<string> IdLike, string PrettyName)
{
    /// <summary>Where os-release(5) says to look, in order.</summary>
    public static readonly IReadOnlyList<string> StandardPaths = ["/etc/os-release", "/usr/lib/os-release"];

    /// <summary>Parses os-release text: <c>KEY=value</c> lines, values optionally quoted with shell escapes, <c>#</c> comments.</summary>
    /// <exception cref="InvalidDataException">No <c>ID</c>; the message names <paramref name="source"/>.</exception>
    public static OsRelease Parse(string text, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        if (!values.TryGetValue("ID", out var id) || id.Length == 0)
        {
            throw new InvalidDataException($"{source}: no ID= line, so the distribution is unknown (os-release(5)).");
        }

        return new OsRelease(
            id,
            values.GetValueOrDefault("VERSION_ID", string.Empty),
            values.GetValueOrDefault("ID_LIKE", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            values.GetValueOrDefault("PRETTY_NAME") ?? $"{values.GetValueOrDefault("NAME", id)} {values.GetValueOrDefault("VERSION_ID", string.Empty)}".Trim());
    }

    /// <summary>This machine's os-release (<c>VEILORQA_OS_RELEASE</c> names another file, as scripts/setup.sh honours it).</summary>
    /// <exception cref="InvalidDataException">No os-release file, or one without <c>ID</c>.</exception>
    public static OsRelease ForThisHost()
    {
        var configured = Environment.GetEnvironmentVariable("VEILORQA_OS_RELEASE");
        var path = !string.IsNullOrEmpty(configured) ? configured : StandardPaths.FirstOrDefault(File.Exists);
        return path is not null && File.Exists(path)
            ? Parse(File.ReadAllText(path), path)
            : throw new InvalidDataException($"no os-release file ({configured ?? string.Join(", ", StandardPaths)}): the distribution is unknown.");
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || (value[0] != '"' && value[0] != '\'') || value[^1] != value[0])
        {
            return value;
        }

        var inner = value[1..^1];
        if (value[0] == '\'')
        {
            return inner;
        }

        var text = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length && "\"\\$`".Contains(inner[i + 1], StringComparison.Ordinal))
            {
                i++;
            }

            text.Append(inner[i]);
        }

        return text.ToString();
    }
}
