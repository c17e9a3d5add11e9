using System.Text;

namespace VeilorQA.Harness.Guest.KernelCmdline;

/// <summary>The running kernel's command line (<c>/proc/cmdline</c>) as arguments.</summary>
public sealed record KernelCommandLine(string Raw, IReadOnlyList<KernelArgument> Arguments)
{
    /// <summary>Splits on spaces outside double quotes, as the kernel's parser does.</summary>
    public static KernelCommandLine Parse(string raw)
    {
        var line = raw.Trim();
        var args = new List<KernelArgument>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (char.IsWhiteSpace(c) && !quoted)
            {
                Flush();
                continue;
            }

            current.Append(c);
        }

        Flush();
        return new KernelCommandLine(line, args);

        void Flush()
        {
            if (current.Length > 0)
            {
                args.Add(KernelArgument.Parse(current.ToString()));
                current.Clear();
            }
        }
    }

    /// <summary>True when the argument is present, as a flag or with any value.</summary>
    public bool Has(string name) => Arguments.Any(a => a.NameEquals(name));

    /// <summary>Every value given to <paramref name="name"/>, in order (e.g. two <c>console=</c>).</summary>
    public IReadOnlyList<string> ValuesOf(string name) =>
        Arguments.Where(a => a.NameEquals(name) && a.Value is not null).Select(a => a.Value!).ToList();

    /// <summary>The value the kernel acts on for single-valued parameters: the last one.</summary>
    public string? ValueOf(string name) => ValuesOf(name) is { Count: > 0 } values ? values[^1] : null;

    public IReadOnlyList<string> Consoles => ValuesOf("console");

    /// <summary>The deployment path ostree-prepare-root mounts, e.g. <c>/ostree/boot.1/default/…/0</c>.</summary>
    public string? Ostree => ValueOf("ostree");

    /// <summary>The expected arguments (<c>name</c> or <c>name=value</c>) that are absent, in the order given.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> expected) =>
        expected.Where(e => !Contains(KernelArgument.Parse(e))).ToList();

    private bool Contains(KernelArgument wanted) =>
        Arguments.Any(a => a.NameEquals(wanted.Name) && (wanted.Value is null ? a.Value is null : a.Value == wanted.Value));

    public override string ToString() => Raw;
}
