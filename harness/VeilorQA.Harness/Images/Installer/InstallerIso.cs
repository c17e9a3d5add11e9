using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Installer;

/// <summary>The reference installer ISO: found in the cache by recipe hash, or built by vms/installer/build.sh.</summary>
/// <remarks>
/// Same shape as <see cref="ReferenceGuestImage"/>: the recipe hash (vms/installer/recipe-hash.sh, the
/// rule of <see cref="Reference.RecipeHash"/>) keys a cache folder whose <c>complete</c> file build.sh
/// writes last. build.sh checks the cache itself too; the harness looks first only to skip starting it.
/// </remarks>
public sealed class InstallerIso
{
    /// <summary>Default time allowed for a cold build (108–256 s measured on a 2-core builder, mostly mmdebstrap and dracut).</summary>
    public static readonly TimeSpan DefaultBuildTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Overrides the cache folder, as build.sh reads it.</summary>
    public const string CacheVariable = "VEILORQA_INSTALLER_CACHE";

    public InstallerIso(string recipeDirectory, string cacheRoot, TimeSpan buildTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipeDirectory);
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(buildTimeout, TimeSpan.Zero);
        if (!File.Exists(Path.Combine(recipeDirectory, "build.sh")))
        {
            throw new FileNotFoundException($"no build.sh in installer recipe folder '{recipeDirectory}'");
        }

        RecipeDirectory = Path.GetFullPath(recipeDirectory);
        CacheRoot = cacheRoot;
        BuildTimeout = buildTimeout;
    }

    public string RecipeDirectory { get; }

    /// <summary>Folder holding one sub-folder per recipe hash.</summary>
    public string CacheRoot { get; }

    public TimeSpan BuildTimeout { get; }

    /// <summary>The cache folder build.sh uses: <c>$VEILORQA_INSTALLER_CACHE</c>, else <c>&lt;cache&gt;/installer</c>.</summary>
    public static string DefaultCacheRoot =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } given ? given : Path.Combine(HarnessPaths.Cache, "installer");

    /// <summary>The ISO recipe found by walking up from the running program to vms/installer.</summary>
    public static InstallerIso FromRepository(TimeSpan? buildTimeout = null) =>
        new(FindRecipeDirectory(AppContext.BaseDirectory), DefaultCacheRoot, buildTimeout ?? DefaultBuildTimeout);

    /// <summary>vms/installer in <paramref name="start"/> or the nearest folder above it that has one.</summary>
    public static string FindRecipeDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "vms", "installer");
            if (File.Exists(Path.Combine(candidate, "build.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no vms/installer/build.sh in '{start}' or any folder above it");
    }

    public string RecipeHash() => Reference.RecipeHash.Compute(RecipeDirectory);

    /// <summary>The cache folder of the current recipe (it may not exist yet).</summary>
    public string CacheDirectory() => Path.Combine(CacheRoot, RecipeHash());

    /// <summary>The cached build of the current recipe, or null when there is none.</summary>
    public InstallerBuild? FindCached() => InstallerBuild.Load(CacheDirectory());

    /// <summary>Returns the cached build, or runs build.sh (its phases to <paramref name="output"/>, its full log to <see cref="RecipeBuildLog"/>).</summary>
    /// <param name="force">Rebuild even when the cache has this recipe.</param>
    /// <param name="output">Receives the build's progress lines (<see cref="RecipeBuildProgress"/>); the first names the full log.</param>
    /// <param name="cancellationToken">Stops the build (build.sh is killed).</param>
    public async Task<InstallerBuild> EnsureBuiltAsync(bool force, Action<string> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!force && FindCached() is { } cached)
        {
            return cached;
        }

        var environment = new Dictionary<string, string?> { [CacheVariable] = CacheRoot };
        using var progress = new RecipeBuildProgress("installer ISO", RecipeBuildLog.Create(CacheRoot, RecipeHash()), output);
        var run = await RecipeBuildScript.RunAsync(RecipeDirectory, force, environment, BuildTimeout, progress, cancellationToken);
        var phase = run.Phase is null ? string.Empty : $" in phase {run.Phase}";
        if (run.ExitCode is null)
        {
            throw new InstallerBuildException($"vms/installer/build.sh did not finish within {BuildTimeout.TotalMinutes:0} min{phase}", null, run.LastLines, run.LogFile);
        }

        if (run.ExitCode != 0)
        {
            throw new InstallerBuildException($"vms/installer/build.sh exited with code {run.ExitCode}{phase}", run.ExitCode, run.LastLines, run.LogFile);
        }

        return FindCached() ?? throw new InstallerBuildException(
            $"vms/installer/build.sh succeeded but left no complete build in '{CacheDirectory()}'", 0, run.LastLines, run.LogFile);
    }
}
