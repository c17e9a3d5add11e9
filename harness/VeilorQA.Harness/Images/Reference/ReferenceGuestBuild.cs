using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Images.Reference;

/// <summary>A finished reference guest build in the cache: its files and the facts build.sh recorded.</summary>
public sealed record ReferenceGuestBuild
{
    /// <summary>Name of the file build.sh writes last; a folder without it is not a build.</summary>
    public const string CompleteMarker = "complete";

    public required string Directory { get; init; }

    public required string RecipeHash { get; init; }

    /// <summary>The guest disk; use it as a read-only backing file of a per-run overlay.</summary>
    public string Disk => Path.Combine(Directory, "disk.qcow2");

    /// <summary>Private SSH key of root@guest (its public half is baked into the image).</summary>
    public string SshPrivateKey => Path.Combine(Directory, "id_ed25519");

    /// <summary>LUKS passphrase file (mode 0600, no trailing newline).</summary>
    public string PassphraseFile => Path.Combine(Directory, "luks-passphrase");

    /// <summary>ostree static delta from version 1 to version 2, to apply offline in the guest.</summary>
    public string UpdateDelta => Path.Combine(Directory, "update", "update.delta");

    /// <summary>Kernel version inside the image (e.g. 6.1.0-50-amd64).</summary>
    public required string Kernel { get; init; }

    /// <summary>ostree commit the image boots first (version 1).</summary>
    public required string CommitV1 { get; init; }

    /// <summary>ostree commit carried by <see cref="UpdateDelta"/> (version 2).</summary>
    public required string CommitV2 { get; init; }

    public required string LuksUuid { get; init; }

    public required string RootUuid { get; init; }

    public required string BootUuid { get; init; }

    /// <summary>Wall time of the build that produced this image.</summary>
    public required TimeSpan BuildTime { get; init; }

    /// <summary>The LUKS passphrase, registered with the global redactor so it never reaches a log.</summary>
    public Secret ReadPassphrase()
    {
        var secret = Secret.FromFile(PassphraseFile);
        Redactor.Global.Register(secret);
        return secret;
    }

    /// <summary>Reads the build in <paramref name="directory"/>, or null when it is absent or incomplete.</summary>
    public static ReferenceGuestBuild? Load(string directory)
    {
        if (!File.Exists(Path.Combine(directory, CompleteMarker)))
        {
            return null;
        }

        var facts = BuildFacts.Parse(File.ReadAllLines(Path.Combine(directory, "build.env")));
        return new ReferenceGuestBuild
        {
            Directory = directory,
            RecipeHash = facts.Require("RECIPE_HASH"),
            Kernel = facts.Require("KERNEL"),
            CommitV1 = facts.Require("COMMIT_V1"),
            CommitV2 = facts.Require("COMMIT_V2"),
            LuksUuid = facts.Require("LUKS_UUID"),
            RootUuid = facts.Require("ROOT_UUID"),
            BootUuid = facts.Require("BOOT_UUID"),
            BuildTime = TimeSpan.FromSeconds(int.Parse(facts.Require("BUILD_SECONDS"), System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}
