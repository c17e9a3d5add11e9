namespace VeilorQA.Harness.Install.Repro;

/// <summary>Finds the VeilorQA checkout this harness runs from (a folder holding ./veilorqa and VeilorQA.sln), for replay.sh.</summary>
internal static class RepositoryLocator
{
    /// <summary>The checkout above the working folder (./veilorqa runs the CLI from the repository root), else above the binary; null when neither is in one.</summary>
    public static string? Find() => Above(Environment.CurrentDirectory) ?? Above(AppContext.BaseDirectory);

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "veilorqa")) && File.Exists(Path.Combine(dir.FullName, "VeilorQA.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
