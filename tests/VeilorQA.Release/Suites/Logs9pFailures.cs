namespace VeilorQA.Release.Suites;

/// <summary>Every failure text of the logs-9p suite; the <c>9p-blocked</c> fault must show <see cref="ModprobeBlocks"/> inside <see cref="NotShared"/>.</summary>
public static class Logs9pFailures
{
    public static string NotShared(string bootId, string tag, TimeSpan budget, bool shareEmpty, string diagnosis) =>
        $"logs over 9p: this boot's journal (boot {bootId}) did not reach {tag} on the host within {budget.TotalSeconds:0} s " +
        $"({(shareEmpty ? "the share is empty" : "the share has older or partial logs")}). {diagnosis} The journal was collected over SSH instead (attached).";

    /// <summary>The diagnosis when modprobe.d blocks 9p, as secureblue ships.</summary>
    public static string ModprobeBlocks(IEnumerable<string> lines) =>
        $"The guest refuses to load 9p: modprobe blocks it ({string.Join("; ", lines)}).";

    /// <summary>The diagnosis when nothing blocks 9p.</summary>
    public static string NoBlockFound(IEnumerable<string> unitLines) =>
        $"No modprobe.d block of 9p was found; the log unit says: {string.Join(" / ", unitLines)}.";

    public static string NoJournalOverSsh(int exitCode, string error) =>
        $"logs: journalctl over SSH gave no journal of this boot (exit {exitCode}: {error})";
}
