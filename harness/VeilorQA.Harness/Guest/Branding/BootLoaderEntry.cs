namespace VeilorQA.Harness.Guest.Branding;

/// <summary>
/// A Boot Loader Specification entry (<c>/boot/loader/entries/*.conf</c>: <c>title</c>, <c>version</c>, <c>linux</c>,
/// <c>initrd</c>, <c>options</c>), what ostree and bootc write and what grub's menu shows by its title.
/// </summary>
public sealed record BootLoaderEntry(string File, string? Title, string? Version, string? Linux, string? Options)
{
    /// <summary>Prints each entry file as <c>==&gt; PATH</c> followed by its text.</summary>
    public const string ListCommand =
        "for f in /boot/loader/entries/*.conf; do [ -e \"$f\" ] || continue; echo \"==> $f\"; cat \"$f\"; echo; done";

    /// <summary>Whether this entry boots the kernel command line <paramref name="cmdline"/>: its ostree= (bootc/ostree) or its linux path.</summary>
    public bool Boots(string cmdline)
    {
        var words = cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ostree = words.FirstOrDefault(w => w.StartsWith("ostree=", StringComparison.Ordinal));
        if (ostree is not null)
        {
            return Options?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(ostree, StringComparer.Ordinal) == true;
        }

        var image = words.FirstOrDefault(w => w.StartsWith("BOOT_IMAGE=", StringComparison.Ordinal))?["BOOT_IMAGE=".Length..];
        return image is not null && Linux is not null && (image.EndsWith(Linux, StringComparison.Ordinal) || Linux.EndsWith(image, StringComparison.Ordinal));
    }

    public override string ToString() => $"{File}: title '{Title ?? "(none)"}'";

    /// <summary>Parses the output of <see cref="ListCommand"/>.</summary>
    public static IReadOnlyList<BootLoaderEntry> ParseListing(string text)
    {
        var entries = new List<BootLoaderEntry>();
        string? file = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("==> ", StringComparison.Ordinal))
            {
                Flush();
                file = line[4..].Trim();
                continue;
            }

            var trimmed = line.Trim();
            if (file is null || trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var space = trimmed.IndexOfAny([' ', '\t']);
            var key = space < 0 ? trimmed : trimmed[..space];
            fields.TryAdd(key, space < 0 ? string.Empty : trimmed[(space + 1)..].Trim());
        }

        Flush();
        return entries;

        void Flush()
        {
            if (file is not null)
            {
                entries.Add(new BootLoaderEntry(file, fields.GetValueOrDefault("title"), fields.GetValueOrDefault("version"), fields.GetValueOrDefault("linux"), fields.GetValueOrDefault("options")));
            }

            fields = new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
