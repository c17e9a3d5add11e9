using System.Security.Cryptography;
using System.Text;

namespace VeilorQA.Harness.Images.Reference;

/// <summary>The content hash of the reference guest recipe that keys its build cache.</summary>
/// <remarks>
/// Same definition as vms/reference/recipe-hash.sh (change both together): every regular file under
/// the recipe folder except <c>dev/</c> and <c>*.md</c>, sorted by relative path (ordinal), one line
/// <c>"&lt;sha256 hex&gt;  &lt;path&gt;\n"</c> each; the key is the first 16 hex digits of sha256 of the lines.
/// </remarks>
public static class RecipeHash
{
    /// <summary>Hex digits kept from the sha256.</summary>
    public const int Length = 16;

    /// <summary>Computes the hash of the recipe in <paramref name="recipeDirectory"/>.</summary>
    public static string Compute(string recipeDirectory)
    {
        if (!Directory.Exists(recipeDirectory))
        {
            throw new DirectoryNotFoundException($"reference guest recipe folder '{recipeDirectory}' does not exist");
        }

        var lines = new StringBuilder();
        foreach (var relative in InputFiles(recipeDirectory))
        {
            using var stream = File.OpenRead(Path.Combine(recipeDirectory, relative));
            lines.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(relative).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())))[..Length];
    }

    /// <summary>The recipe's input files, relative with '/' separators, in hashing order.</summary>
    public static IReadOnlyList<string> InputFiles(string recipeDirectory) =>
        new DirectoryInfo(recipeDirectory)
            .EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .Select(f => Path.GetRelativePath(recipeDirectory, f.FullName).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !p.StartsWith("dev/", StringComparison.Ordinal) && !p.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
