using System.Text;
using VeilorQA.Harness.Security;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// Passes what <c>veilorqa run</c> writes through the redactor: its console lines as they are written, and every file of a
/// run's output folder once the test process is done — including the files that process wrote itself (the .trx, its
/// logs), which a secret leaked into a failing assertion would otherwise reach in clear.
/// </summary>
internal static class OutputRedaction
{
    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".trx", ".log", ".err", ".json", ".jsonl", ".txt", ".properties", ".csv", ".xml", ".html", ".js", ".md", ".yml", ".yaml", ".uri",
    };

    /// <summary>Masks every registered secret in every file under <paramref name="folder"/>; returns how many files changed.</summary>
    /// <remarks>Text files get <see cref="Secret.Mask"/>; any other file has each occurrence's bytes overwritten with '*' (its size kept).</remarks>
    public static int RedactTree(string folder, Redactor? redactor = null)
    {
        redactor ??= Redactor.Global;
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var changed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (RedactFile(file, redactor))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Masks registered secrets in one file; true when it held one.</summary>
    public static bool RedactFile(string file, Redactor? redactor = null)
    {
        redactor ??= Redactor.Global;
        var bytes = File.ReadAllBytes(file);
        if (!redactor.Holds(bytes))
        {
            return false;
        }

        if (TextExtensions.Contains(Path.GetExtension(file)))
        {
            File.WriteAllText(file, redactor.Redact(Encoding.UTF8.GetString(bytes)), new UTF8Encoding(false));
            return true;
        }

        redactor.MaskBytes(bytes);
        File.WriteAllBytes(file, bytes);
        return true;
    }

    /// <summary>A writer that redacts each write before it reaches <paramref name="inner"/> (the console of <c>veilorqa run</c>).</summary>
    public static TextWriter Console(TextWriter inner) => new RedactingWriter(inner);

    private sealed class RedactingWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value is null ? null : Redactor.Global.Redact(value));

        public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : Redactor.Global.Redact(value));

        public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : Redactor.Global.Redact(value));

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : Redactor.Global.Redact(value));

        public override Task WriteLineAsync() => inner.WriteLineAsync();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync() => inner.FlushAsync();
    }
}
