namespace VeilorQA.Harness.Channels.Shell;

/// <summary>Quotes a word for a POSIX shell command line.</summary>
public static class ShellQuote
{
    /// <summary>Wraps <paramref name="word"/> in single quotes, escaping embedded ones (<c>it's</c> → <c>'it'\''s'</c>).</summary>
    public static string Single(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
