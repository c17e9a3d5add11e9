namespace VeilorQA.Harness.Guest.KernelCmdline;

/// <summary>The kernel arguments an image asks for through <c>/usr/lib/bootc/kargs.d</c>, resolved for one architecture.</summary>
public sealed record ImageKernelArgs(string Architecture, IReadOnlyList<KernelArgsFile> Files)
{
    /// <summary>bootc applies the files in lexical order of their names; files for other architectures are skipped.</summary>
    public IReadOnlyList<string> Expected =>
        Files.OrderBy(f => Path.GetFileName(f.Name), StringComparer.Ordinal)
            .Where(f => f.AppliesTo(Architecture))
            .SelectMany(f => f.Kargs)
            .ToList();

    /// <summary>Splits <c>==&gt; path &lt;==</c> sections (the probe's listing, like <c>tail -n +1</c>) into files.</summary>
    public static ImageKernelArgs ParseListing(string architecture, string listing)
    {
        var files = new List<KernelArgsFile>();
        string? name = null;
        var body = new List<string>();
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("==> ", StringComparison.Ordinal) && line.EndsWith(" <==", StringComparison.Ordinal))
            {
                Flush();
                name = line[4..^4];
                continue;
            }

            if (name is null)
            {
                if (line.Trim().Length > 0)
                {
                    throw new GuestOutputException("kargs.d listing", "text before the first '==> file <==' header", line);
                }

                continue;
            }

            body.Add(line);
        }

        Flush();
        return new ImageKernelArgs(architecture.Trim(), files);

        void Flush()
        {
            if (name is not null)
            {
                files.Add(KernelArgsFile.Parse(name, string.Join('\n', body)));
            }

            body.Clear();
        }
    }
}
