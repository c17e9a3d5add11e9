using System.Text;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// Splits one kickstart line into words exactly as pykickstart does: Python's <c>shlex.split(line, comments=True)</c>
/// in POSIX mode.
/// </summary>
/// <remarks>
/// The rules are shlex's, not a shell's, because that is what decides what Anaconda sees: <c>#</c> starts a comment
/// anywhere outside quotes (also in the middle of a word: <c>a#b</c> is <c>a</c>); single quotes take everything
/// literally; inside double quotes a backslash escapes only <c>"</c> and <c>\</c>; outside quotes a backslash
/// escapes any character; <c>""</c> is an empty word. The two errors carry shlex's own texts.
/// </remarks>
public static class KickstartWords
{
    /// <summary>shlex's text for a quote left open.</summary>
    public const string NoClosingQuotation = "No closing quotation";

    /// <summary>shlex's text for a backslash at the end of the input.</summary>
    public const string NoEscapedCharacter = "No escaped character";

    /// <summary>The words of <paramref name="line"/>.</summary>
    /// <exception cref="FormatException">Unbalanced quotes or a trailing backslash (message: shlex's text).</exception>
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                Flush();
                i++;
            }
            else if (c == '#')
            {
                // A comment runs to the end of the line; shlex emits the word it interrupted.
                var end = line.IndexOf('\n', i);
                Flush();
                if (end < 0)
                {
                    break;
                }

                i = end + 1;
            }
            else if (c == '\'')
            {
                var close = line.IndexOf('\'', i + 1);
                if (close < 0)
                {
                    throw new FormatException(NoClosingQuotation);
                }

                word.Append(line, i + 1, close - i - 1);
                inWord = true;
                i = close + 1;
            }
            else if (c == '"')
            {
                i++;
                inWord = true;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException(NoClosingQuotation);
                    }

                    var q = line[i];
                    if (q == '"')
                    {
                        i++;
                        break;
                    }

                    if (q == '\\')
                    {
                        if (i + 1 >= line.Length)
                        {
                            throw new FormatException(NoEscapedCharacter);
                        }

                        var next = line[i + 1];
                        if (next is not ('"' or '\\'))
                        {
                            word.Append('\\');
                        }

                        word.Append(next);
                        i += 2;
                        continue;
                    }

                    word.Append(q);
                    i++;
                }
            }
            else if (c == '\\')
            {
                if (i + 1 >= line.Length)
                {
                    throw new FormatException(NoEscapedCharacter);
                }

                word.Append(line[i + 1]);
                inWord = true;
                i += 2;
            }
            else
            {
                word.Append(c);
                inWord = true;
                i++;
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }
    }

    /// <summary>A word quoted so that <see cref="Split"/> gives it back unchanged (what the renderer writes).</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c)))
        {
            return word;
        }

        if (!word.Contains('\''))
        {
            return "'" + word + "'";
        }

        return "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
