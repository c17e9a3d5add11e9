namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// A kickstart the installer would refuse, worded as pykickstart's <c>KickstartParseError</c> that Anaconda prints
/// ("The following problem occurred on line N of the kickstart file:" + the reason), prefixed by the file and
/// followed by the offending line — with any passphrase or password on it masked, because this message goes to
/// consoles, logs and reports.
/// </summary>
public sealed class KickstartParseException : Exception
{
    public KickstartParseException(string fileName, int lineNumber, string line, string reason)
        : base(Format(fileName, lineNumber, line, reason))
    {
        FileName = fileName;
        LineNumber = lineNumber;
        Line = line;
        Reason = reason;
    }

    /// <summary>The kickstart's file name as given (or a label such as <c>&lt;rendered&gt;</c>).</summary>
    public string FileName { get; }

    /// <summary>1-based; for a command continued with a trailing backslash, its first line (as pykickstart counts).</summary>
    public int LineNumber { get; }

    /// <summary>The offending line (a continued command joined), secrets masked.</summary>
    public string Line { get; }

    /// <summary>The reason alone, as Anaconda words it after the "problem occurred" line (secrets masked).</summary>
    public string Reason { get; }

    /// <summary>The first line of Anaconda's text for this error.</summary>
    public static string Headline(int lineNumber) => $"The following problem occurred on line {lineNumber} of the kickstart file:";

    private static string Format(string fileName, int lineNumber, string line, string reason) =>
        $"{fileName}:{lineNumber}: {Headline(lineNumber)}\n\n{reason}\n\n    {lineNumber} | {line}";
}
