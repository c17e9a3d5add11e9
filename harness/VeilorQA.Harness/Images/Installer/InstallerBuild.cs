using System.Globalization;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Images.Installer;

/// <summary>A finished installer ISO build in the cache: the ISO and the facts vms/installer/build.sh recorded in build.env.</summary>
public sealed record InstallerBuild
{
    public required string Directory { get; init; }

    public required string RecipeHash { get; init; }

    /// <summary>The ISO (mode 0444).</summary>
    public required string Iso { get; init; }

    /// <summary>ISO 9660 volume label (<c>inst.stage2=hd:CDLABEL=…</c>).</summary>
    public required string VolumeLabel { get; init; }

    /// <summary>Kernel version of the installer's live system.</summary>
    public required string Kernel { get; init; }

    public required long IsoBytes { get; init; }

    /// <summary>sha256 of the ISO as build.sh recorded it (lowercase hex).</summary>
    public required string IsoSha256 { get; init; }

    /// <summary>Wall time of the build that produced this ISO.</summary>
    public required TimeSpan BuildTime { get; init; }

    /// <summary>Reads the build in <paramref name="directory"/>, or null when it is absent or incomplete (no <c>complete</c>).</summary>
    /// <exception cref="FormatException">build.env lacks a key or a number is malformed (the message names the key).</exception>
    public static InstallerBuild? Load(string directory)
    {
        if (!File.Exists(Path.Combine(directory, ReferenceGuestBuild.CompleteMarker)))
        {
            return null;
        }

        var facts = BuildFacts.Parse(File.ReadAllLines(Path.Combine(directory, "build.env")));
        var iso = facts.Require("ISO");
        if (iso.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"build.env ISO='{iso}' must be a file name in {directory}");
        }

        var sha = facts.Require("ISO_SHA256");
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
        {
            throw new FormatException($"build.env ISO_SHA256='{sha}' is not 64 lowercase hex digits");
        }

        return new InstallerBuild
        {
            Directory = directory,
            RecipeHash = facts.Require("RECIPE_HASH"),
            Iso = Path.Combine(directory, iso),
            VolumeLabel = facts.Require("VOLUME_LABEL"),
            Kernel = facts.Require("KERNEL"),
            IsoBytes = Number(facts, "ISO_BYTES"),
            IsoSha256 = sha,
            BuildTime = TimeSpan.FromSeconds(Number(facts, "BUILD_SECONDS")),
        };
    }

    private static long Number(BuildFacts facts, string key) =>
        long.TryParse(facts.Require(key), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"build.env {key}='{facts.Require(key)}' is not a whole number");
}
