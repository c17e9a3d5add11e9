using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// Checks a kickstart against veilor's subset — the commands and options the installer honours (vms/installer/README.md)
/// — and reads it into a <see cref="KickstartDocument"/>. Anything else fails with one
/// <see cref="KickstartParseException"/> naming the file, the line number and the line, worded as Anaconda words it.
/// </summary>
/// <remarks>
/// The rules are those of the installer stand-in's parser (<c>pyanaconda_standin/kickstart.py</c>), which follows
/// pykickstart: blank lines and lines starting with <c>#</c> are skipped; a trailing backslash joins the next line
/// (the error of a continued command names its first line); words are split by shlex with comments; a section
/// header (<c>%pre</c>, <c>%post</c>, <c>%onerror</c>) takes everything up to a line that is exactly <c>%end</c>.
/// An integration test runs the stand-in's parser on the same inputs so the two cannot drift apart. Checking here,
/// before any VM starts, turns a typo into a one-second error instead of a 5-minute installer boot that ends in
/// the same message.
/// </remarks>
public static class KickstartParser
{
    private static readonly string[] SectionKinds = ["pre", "post", "onerror"];

    private static readonly string[] RefusedSections = ["packages", "traceback", "pre-install", "addon", "anaconda", "include", "ksappend"];

    /// <summary>Reads and checks a kickstart file; errors name <paramref name="path"/> as given.</summary>
    public static KickstartDocument ParseFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Checks <paramref name="text"/>; <paramref name="fileName"/> labels the errors.</summary>
    /// <param name="text">The kickstart.</param>
    /// <param name="fileName">Shown in errors.</param>
    /// <param name="knownSecrets">Values to mask in an error message besides what the masking rules find (the renderer's passphrase).</param>
    /// <exception cref="KickstartParseException">The first refused line.</exception>
    public static KickstartDocument Parse(string text, string fileName, IEnumerable<Secret>? knownSecrets = null)
    {
        var raw = SplitLines(text);
        var state = new ParseState(fileName);
        var i = 0;
        while (i < raw.Count)
        {
            var lineNumber = i + 1;
            var stripped = raw[i].Trim();
            i++;
            if (stripped.Length == 0 || stripped.StartsWith('#'))
            {
                continue;
            }

            while (stripped.EndsWith('\\') && i < raw.Count)
            {
                stripped = stripped[..^1] + raw[i].Trim();
                i++;
            }

            try
            {
                if (stripped.StartsWith('%'))
                {
                    i = ReadSection(state, raw, i, lineNumber, stripped);
                    continue;
                }

                IReadOnlyList<string> words;
                try
                {
                    words = KickstartWords.Split(stripped);
                }
                catch (FormatException e)
                {
                    throw new KickstartReasonException($"Invalid quoting: {e.Message}");
                }

                if (words.Count > 0)
                {
                    KickstartCommands.Apply(state, lineNumber, words[0], words.Skip(1).ToList());
                }
            }
            catch (KickstartReasonException e)
            {
                throw Refuse(fileName, lineNumber, stripped, e.Message, knownSecrets);
            }
        }

        // Anaconda would install packages without ostreecontainer and partition automatically without part /;
        // this subset does neither, so the error points at the end of the file, where the command is missing.
        var last = raw.Count == 0 ? 1 : raw.Count;
        var lastLine = raw.Count == 0 ? string.Empty : raw[^1];
        if (state.OstreeContainer is null)
        {
            throw Refuse(fileName, last, lastLine, "No installation source: this installer needs an ostreecontainer command", knownSecrets);
        }

        if (!state.Partitions.Any(p => p.MountPoint == "/"))
        {
            throw Refuse(fileName, last, lastLine, "No part / line: this installer has no automatic partitioning", knownSecrets);
        }

        return state.ToDocument();
    }

    /// <summary>Python's <c>str.splitlines()</c>, which is how pykickstart numbers lines.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(text[start..i]);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static int ReadSection(ParseState state, IReadOnlyList<string> raw, int i, int lineNumber, string header)
    {
        IReadOnlyList<string> words;
        try
        {
            words = KickstartWords.Split(header);
        }
        catch (FormatException e)
        {
            throw new KickstartReasonException(e.Message);
        }

        var name = words[0][1..];
        if (name == "end")
        {
            throw new KickstartReasonException("Unexpected %end outside a section.");
        }

        if (!SectionKinds.Contains(name))
        {
            throw new KickstartReasonException($"Unknown kickstart section: %{name}");
        }

        var kind = name switch
        {
            "pre" => ScriptKind.Pre,
            "post" => ScriptKind.Post,
            _ => ScriptKind.OnError,
        };
        var parser = new KickstartOptionParser($"%{name}")
            .Value("interpreter", "--interpreter")
            .Value("log", ["--log", "--logfile"])
            .Flag("erroronfail", "--erroronfail");
        if (kind == ScriptKind.Post)
        {
            parser.Flag("nochroot", "--nochroot");
        }

        var options = parser.Parse(words.Skip(1).ToList());
        var body = new List<string>();
        while (true)
        {
            if (i >= raw.Count)
            {
                throw new KickstartReasonException($"Section %{name} does not end with %end.");
            }

            var line = raw[i];
            i++;
            var trimmed = line.Trim();
            if (trimmed == "%end")
            {
                break;
            }

            if (trimmed.StartsWith('%'))
            {
                var first = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0][1..];
                if (SectionKinds.Contains(first) || RefusedSections.Contains(first))
                {
                    throw new KickstartReasonException($"Section %{name} does not end with %end.");
                }
            }

            body.Add(line);
        }

        state.Scripts.Add(new KickstartScript(lineNumber, kind, string.Join('\n', body) + "\n")
        {
            Interpreter = options.Text("interpreter") ?? "/bin/sh",
            Log = options.Text("log"),
            ErrorOnFail = options.Flag("erroronfail"),
            Chroot = kind == ScriptKind.Post && !options.Flag("nochroot"),
        });
        return i;
    }

    private static KickstartParseException Refuse(string fileName, int lineNumber, string line, string reason, IEnumerable<Secret>? knownSecrets)
    {
        var secrets = knownSecrets?.Select(s => s.Reveal()).ToList() ?? [];
        return new KickstartParseException(fileName, lineNumber, KickstartSecrets.MaskText(line, secrets), KickstartSecrets.MaskText(reason, secrets));
    }
}
