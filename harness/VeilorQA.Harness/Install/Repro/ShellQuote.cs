namespace VeilorQA.Harness.Install.Repro;

/// <summary>Single-quotes a word for bash so that no character in it (spaces, $, quotes) is interpreted.</summary>
internal static class ShellQuote
{
    public static string Word(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
