using System.Globalization;
using System.Text;

namespace VeilorQA.Harness.Images;

/// <summary>
/// The full output of one run of a recipe's build.sh, every line redacted, in
/// <c>CACHE_ROOT/logs/HASH-yyyyMMddTHHmmssfffZ.log</c> (mode 0600). It sits beside the recipe's cache folder, not in
/// it: build.sh replaces that folder when it succeeds. The newest <see cref="Kept"/> logs of a cache root are kept.
/// </summary>
public sealed class RecipeBuildLog : IDisposable
{
    /// <summary>How many logs a cache root keeps; older ones are deleted when a new one is created.</summary>
    public const int Kept = 20;

    /// <summary>The folder under a cache root that holds the logs.</summary>
    public const string FolderName = "logs";

    private readonly StreamWriter _writer;

    private RecipeBuildLog(string path, StreamWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Creates a new log for a build of <paramref name="recipeHash"/> under <paramref name="cacheRoot"/> and prunes old ones.</summary>
    /// <param name="cacheRoot">The recipe's cache root (one folder per recipe hash).</param>
    /// <param name="recipeHash">The recipe hash being built; it starts the file name.</param>
    /// <param name="time">The clock that names the file.</param>
    public static RecipeBuildLog Create(string cacheRoot, string recipeHash, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        ArgumentException.ThrowIfNullOrEmpty(recipeHash);
        var folder = System.IO.Path.Combine(cacheRoot, FolderName);
        Directory.CreateDirectory(folder);
        var stamp = (time ?? TimeProvider.System).GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(folder, $"{recipeHash}-{stamp}.log");
        for (var n = 2; File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(folder, $"{recipeHash}-{stamp}-{n}.log");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var writer = new StreamWriter(new FileStream(path, options), new UTF8Encoding(false)) { AutoFlush = true };
        Prune(folder, keep: path);
        return new RecipeBuildLog(path, writer);
    }

    /// <summary>Appends one line; the caller has redacted it.</summary>
    public void Append(string line)
    {
        lock (_writer)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_writer)
        {
            _writer.Dispose();
        }
    }

    private static void Prune(string folder, string keep)
    {
        var old = new DirectoryInfo(folder).EnumerateFiles("*.log")
            .Where(f => f.FullName != keep)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Skip(Kept - 1);
        foreach (var file in old)
        {
            try
            {
                file.Delete();
            }
            catch (IOException)
            {
                // Another build may be pruning the same folder; a log left over is harmless.
            }
        }
    }
}
