using System.Text;

namespace VeilorQA.Harness.Channels.Serial;

/// <summary>Removes ANSI/VT escape sequences and stray control characters from console text, across chunk boundaries.</summary>
/// <remarks>
/// A sequence split between two reads (<c>ESC [ 3</c> | <c>1 m</c>) is held back until it completes, so
/// neither half leaks into matching or the transcript. Carriage returns are dropped: serial lines end
/// in CR LF and prompts redraw with CR, and neither helps a regex.
/// </remarks>
public sealed class AnsiEscapeFilter
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private const int MaxSequenceLength = 256;

    private readonly StringBuilder _pending = new();

    /// <summary>Filters the next chunk; an unfinished escape sequence at its end is kept for the next call.</summary>
    public string Filter(string chunk)
    {
        var input = _pending.Length == 0 ? chunk : _pending.Append(chunk).ToString();
        _pending.Clear();
        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (c == Escape)
            {
                var end = SequenceEnd(input, i);
                if (end < 0)
                {
                    // Incomplete: keep it for the next chunk, unless it is absurdly long (garbage, not a sequence).
                    if (input.Length - i <= MaxSequenceLength)
                    {
                        _pending.Append(input, i, input.Length - i);
                        break;
                    }

                    i++;
                    continue;
                }

                i = end;
                continue;
            }

            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                output.Append(c);
            }

            i++;
        }

        return output.ToString();
    }

    /// <summary>Forgets an unfinished sequence (the connection it came from is gone).</summary>
    public void Reset() => _pending.Clear();

    /// <summary>Index just past the sequence starting at <paramref name="start"/>, or -1 when the text ends inside it.</summary>
    private static int SequenceEnd(string s, int start)
    {
        if (start + 1 >= s.Length)
        {
            return -1;
        }

        var kind = s[start + 1];
        switch (kind)
        {
            case '[':
                // CSI: parameters and intermediates (0x20-0x3F), then one final byte (0x40-0x7E).
                for (var j = start + 2; j < s.Length; j++)
                {
                    if (s[j] >= '@' && s[j] <= '~')
                    {
                        return j + 1;
                    }

                    if (s[j] < ' ' || s[j] > '?')
                    {
                        return j; // malformed: drop the introducer only
                    }
                }

                return -1;
            case ']':
            case 'P':
            case '_':
            case '^':
                // OSC / DCS / APC / PM: run until BEL or ST (ESC \).
                for (var j = start + 2; j < s.Length; j++)
                {
                    if (s[j] == Bell)
                    {
                        return j + 1;
                    }

                    if (s[j] == Escape)
                    {
                        if (j + 1 >= s.Length)
                        {
                            return -1;
                        }

                        if (s[j + 1] == '\\')
                        {
                            return j + 2;
                        }
                    }
                }

                return -1;
            case '(':
            case ')':
            case '*':
            case '+':
            case '#':
            case '%':
                // Character set designation and similar: one more byte.
                return start + 2 < s.Length ? start + 3 : -1;
            default:
                return start + 2;
        }
    }
}
