using System.Text;

namespace VeilorQA.Harness.Guest.KernelCmdline;

/// <summary>One bootc <c>kargs.d/*.toml</c> file: <c>kargs = [...]</c> and optional <c>match-architectures = [...]</c>.</summary>
public sealed record KernelArgsFile(string Name, IReadOnlyList<string> Kargs, IReadOnlyList<string> MatchArchitectures)
{
    /// <summary>A file without <c>match-architectures</c> applies everywhere; the names are Rust's (<c>x86_64</c>, <c>aarch64</c>), like <c>uname -m</c>.</summary>
    public bool AppliesTo(string architecture) =>
        MatchArchitectures.Count == 0 || MatchArchitectures.Contains(architecture, StringComparer.Ordinal);

    /// <summary>Reads the small TOML subset bootc accepts in kargs.d (two string arrays, comments, multi-line arrays).</summary>
    public static KernelArgsFile Parse(string name, string toml)
    {
        var kargs = new List<string>();
        var arches = new List<string>();
        var source = $"kargs.d file {name}";
        var text = StripComments(toml);
        var i = 0;
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != '\n')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                throw new GuestOutputException(source, "expected 'key = [ ... ]'", text[keyStart..Math.Min(text.Length, keyStart + 80)]);
            }

            var key = text[keyStart..i].Trim();
            i++;
            var values = ReadStringArray(text, ref i, source);
            switch (key)
            {
                case "kargs":
                    kargs.AddRange(values);
                    break;
                case "match-architectures":
                    arches.AddRange(values);
                    break;
                default:
                    throw new GuestOutputException(source, $"unknown key '{key}' (bootc accepts kargs and match-architectures)", toml);
            }
        }

        return new KernelArgsFile(name, kargs, arches);
    }

    private static string StripComments(string toml)
    {
        var sb = new StringBuilder();
        foreach (var raw in toml.Split('\n'))
        {
            var inString = false;
            var cut = raw.Length;
            for (var k = 0; k < raw.Length; k++)
            {
                if (raw[k] == '"' && (k == 0 || raw[k - 1] != '\\'))
                {
                    inString = !inString;
                }
                else if (raw[k] == '#' && !inString)
                {
                    cut = k;
                    break;
                }
            }

            sb.Append(raw.AsSpan(0, cut)).Append('\n');
        }

        return sb.ToString();
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static List<string> ReadStringArray(string text, ref int i, string source)
    {
        SkipSpace(text, ref i);
        if (i >= text.Length || text[i] != '[')
        {
            throw new GuestOutputException(source, "expected '[' after '='", text[Math.Min(i, text.Length)..]);
        }

        i++;
        var values = new List<string>();
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                throw new GuestOutputException(source, "unterminated array", text);
            }

            if (text[i] == ']')
            {
                i++;
                return values;
            }

            if (text[i] == ',')
            {
                i++;
                continue;
            }

            if (text[i] != '"')
            {
                throw new GuestOutputException(source, "array items must be double-quoted strings", text[i..Math.Min(text.Length, i + 80)]);
            }

            i++;
            var sb = new StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                sb.Append(text[i]);
                i++;
            }

            if (i >= text.Length)
            {
                throw new GuestOutputException(source, "unterminated string", text);
            }

            i++;
            values.Add(sb.ToString());
        }
    }
}
