namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>veilor's install kickstart with <c>@FIELD@</c> placeholders (<c>vms/kickstart/veilor.ks.in</c>).</summary>
public sealed record KickstartTemplate(string Text, string Source)
{
    /// <summary>The template's path inside the repository.</summary>
    public static readonly string RelativePath = Path.Combine("vms", "kickstart", "veilor.ks.in");

    public static KickstartTemplate Load(string path) => new(File.ReadAllText(path), path);

    /// <summary>The repository's template, found from the working directory or the running program upwards.</summary>
    /// <exception cref="FileNotFoundException">Neither is inside a VeilorQA checkout.</exception>
    public static KickstartTemplate FromRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return Load(candidate);
                }
            }
        }

        throw new FileNotFoundException($"no {RelativePath} in '{Environment.CurrentDirectory}', '{AppContext.BaseDirectory}' or any folder above them; pass --template");
    }
}
