namespace VeilorQA.Harness.Guest;

/// <summary>A guest command's output did not have the shape a probe expects; carries the command and the offending text.</summary>
public sealed class GuestOutputException : Exception
{
    public GuestOutputException(string source, string problem, string offendingText)
        : base($"Cannot read {source}: {problem}\nOffending output:\n{Clip(offendingText)}")
    {
        OutputOf = source;
        Problem = problem;
        OffendingText = offendingText;
    }

    public GuestOutputException(string source, string problem, string offendingText, Exception inner)
        : base($"Cannot read {source}: {problem}\nOffending output:\n{Clip(offendingText)}", inner)
    {
        OutputOf = source;
        Problem = problem;
        OffendingText = offendingText;
    }

    /// <summary>The command (or file) whose output was being read.</summary>
    public string OutputOf { get; }

    public string Problem { get; }

    public string OffendingText { get; }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}
