using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Registry;

/// <summary>The local registry image <c>veilorqa/registry:&lt;hash&gt;</c>, built by vms/registry/build.sh.</summary>
/// <remarks>
/// Nothing can be pulled on the build machines, so the image is built FROM scratch around Debian's
/// docker-registry binary. build.sh keys the tag by a hash of what it stages and is a cache hit (about
/// 0.1 s) when the tag exists, so calling it before every start costs nothing.
/// </remarks>
public static class RegistryImage
{
    /// <summary>Time allowed for build.sh (a cold build is a few seconds of <c>docker build</c>).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>vms/registry in <paramref name="start"/> or the nearest folder above it that has one.</summary>
    public static string FindRecipeDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "vms", "registry");
            if (File.Exists(Path.Combine(candidate, "build.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no vms/registry/build.sh in '{start}' or any folder above it");
    }

    /// <summary>Runs build.sh (a cache hit when the tag exists) and returns the image reference it printed last.</summary>
    public static async Task<string> EnsureBuiltAsync(string? recipeDirectory = null, CancellationToken cancellationToken = default)
    {
        var recipe = recipeDirectory ?? FindRecipeDirectory(AppContext.BaseDirectory);
        var output = await ExternalCommand.RunCheckedAsync("bash", [Path.Combine(recipe, "build.sh")], BuildTimeout, cancellationToken: cancellationToken);
        return ParseReference(output);
    }

    /// <summary>The image reference on build.sh's last non-blank line (<c>veilorqa/registry:&lt;hash&gt;</c>).</summary>
    internal static string ParseReference(string output)
    {
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is not null && last.StartsWith("veilorqa/registry:", StringComparison.Ordinal) && !last.Contains(' ', StringComparison.Ordinal)
            ? last
            : throw new FormatException($"vms/registry/build.sh printed no image reference on its last line (got '{last ?? string.Empty}')");
    }
}
