using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Reference;

/// <summary>The reference guest image: found in the cache by recipe hash, or built by vms/reference/build.sh.</summary>
public sealed class ReferenceGuestImage
{
    /// <summary>Default time allowed for a cold build (about 3 minutes on a 2-core builder).</summary>
    public static readonly TimeSpan DefaultBuildTimeout = TimeSpan.FromMinutes(30);

    public ReferenceGuestImage(string recipeDirectory, string cacheRoot, TimeSpan buildTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipeDirectory);
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(buildTimeout, TimeSpan.Zero);
        if (!File.Exists(Path.Combine(recipeDirectory, "build.sh")))
        {
            throw new FileNotFoundException($"no build.sh in reference guest recipe folder '{recipeDirectory}'");
        }

        RecipeDirectory = Path.GetFullPath(recipeDirectory);
        CacheRoot = cacheRoot;
        BuildTimeout = buildTimeout;
    }

    public string RecipeDirectory { get; }

    /// <summary>Folder holding one sub-folder per recipe hash.</summary>
    public string CacheRoot { get; }

    public TimeSpan BuildTimeout { get; }

    /// <summary>The image of the recipe found by walking up from the running program to vms/reference.</summary>
    public static ReferenceGuestImage FromRepository(TimeSpan? buildTimeout = null) =>
        new(FindRecipeDirectory(AppContext.BaseDirectory), Path.Combine(HarnessPaths.Cache, "reference"), buildTimeout ?? DefaultBuildTimeout);

    /// <summary>vms/reference in <paramref name="start"/> or the nearest folder above it that has one.</summary>
    public static string FindRecipeDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "vms", "reference");
            if (File.Exists(Path.Combine(candidate, "build.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no vms/reference/build.sh in '{start}' or any folder above it");
    }

    public string RecipeHash() => Reference.RecipeHash.Compute(RecipeDirectory);

    /// <summary>The cache folder of the current recipe (it may not exist yet).</summary>
    public string CacheDirectory() => Path.Combine(CacheRoot, RecipeHash());

    /// <summary>The cached build of the current recipe, or null when there is none.</summary>
    public ReferenceGuestBuild? FindCached() => ReferenceGuestBuild.Load(CacheDirectory());

    /// <summary>Returns the cached build, or runs build.sh (its phases to <paramref name="output"/>, its full log to <see cref="RecipeBuildLog"/>).</summary>
    /// <param name="force">Rebuild even when the cache has this recipe.</param>
    /// <param name="passphraseFile">LUKS passphrase input; null lets build.sh generate one.</param>
    /// <param name="output">Receives the build's progress lines (<see cref="RecipeBuildProgress"/>); the first names the full log.</param>
    /// <param name="cancellationToken">Stops the build (build.sh is killed).</param>
    public async Task<ReferenceGuestBuild> EnsureBuiltAsync(bool force, string? passphraseFile, Action<string> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!force && passphraseFile is null && FindCached() is { } cached)
        {
            return cached;
        }

        var environment = new Dictionary<string, string?> { ["VEILORQA_REFERENCE_CACHE"] = CacheRoot };
        if (passphraseFile is not null)
        {
            environment["VEILORQA_LUKS_PASSPHRASE_FILE"] = Path.GetFullPath(passphraseFile);
        }

        using var progress = new RecipeBuildProgress("reference guest", RecipeBuildLog.Create(CacheRoot, RecipeHash()), output);
        var run = await RecipeBuildScript.RunAsync(RecipeDirectory, force, environment, BuildTimeout, progress, cancellationToken);
        var phase = run.Phase is null ? string.Empty : $" in phase {run.Phase}";
        if (run.ExitCode is null)
        {
            throw new ReferenceGuestBuildException($"build.sh did not finish within {BuildTimeout.TotalMinutes:0} min{phase}", null, run.LastLines, run.LogFile);
        }

        if (run.ExitCode != 0)
        {
            throw new ReferenceGuestBuildException($"build.sh exited with code {run.ExitCode}{phase}", run.ExitCode, run.LastLines, run.LogFile);
        }

        return FindCached() ?? throw new ReferenceGuestBuildException(
            $"build.sh succeeded but left no complete build in '{CacheDirectory()}'", 0, run.LastLines, run.LogFile);
    }
}
