using System.CommandLine;
using System.Diagnostics;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa guest build [reference|installer]</c>: builds the reference guest or the installer ISO, or reports the cached build of its recipe.</summary>
internal static class GuestCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Rebuild even when the cache holds this recipe." };
        var passphrase = new Option<FileInfo?>("--passphrase-file")
        {
            Description = "LUKS passphrase input (default: $VEILORQA_LUKS_PASSPHRASE_FILE, else generated per build).",
        };
        var timeout = new Option<int>("--timeout-minutes")
        {
            Description = "Give up on build.sh after this many minutes.",
            DefaultValueFactory = _ => (int)ReferenceGuestImage.DefaultBuildTimeout.TotalMinutes,
        };
        var what = new Argument<string>("what")
        {
            Description = "reference: the guest disk (vms/reference); installer: the installer ISO (vms/installer)",
            DefaultValueFactory = _ => "reference",
        };
        what.AcceptOnlyFromAmong("reference", "installer");
        var build = new Command("build", "Build the reference guest image or the installer ISO (each cached by a hash of its recipe folder).")
        {
            what,
            force,
            passphrase,
            timeout,
        };
        build.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var minutes = parse.GetValue(timeout);
                if (minutes <= 0)
                {
                    Console.Error.WriteLine("--timeout-minutes must be positive");
                    return 2;
                }

                if (parse.GetValue(what) == "installer")
                {
                    if (parse.GetValue(passphrase) is not null)
                    {
                        Console.Error.WriteLine("--passphrase-file applies to the reference guest, not the installer ISO");
                        return 2;
                    }

                    return await BuildInstallerAsync(parse.GetValue(force), TimeSpan.FromMinutes(minutes), cancellationToken);
                }

                var image = ReferenceGuestImage.FromRepository(TimeSpan.FromMinutes(minutes));
                var passphraseFile = parse.GetValue(passphrase)?.FullName
                    ?? (Environment.GetEnvironmentVariable("VEILORQA_LUKS_PASSPHRASE_FILE") is { Length: > 0 } env ? env : null);
                var clock = Stopwatch.StartNew();
                var result = await image.EnsureBuiltAsync(parse.GetValue(force), passphraseFile, Console.WriteLine, cancellationToken);
                var size = new FileInfo(result.Disk).Length;
                Console.WriteLine($"reference guest {result.RecipeHash}: {result.Disk} ({size / (1024 * 1024)} MiB), kernel {result.Kernel}");
                Console.WriteLine($"  ssh key {result.SshPrivateKey}, passphrase file {result.PassphraseFile}, update {result.UpdateDelta}");
                Console.WriteLine($"  image built in {result.BuildTime.TotalSeconds:0} s; this command took {clock.Elapsed.TotalSeconds:0.0} s");
                return 0;
            }
            catch (Exception e) when (e is ReferenceGuestBuildException or InstallerBuildException or DirectoryNotFoundException or FileNotFoundException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });

        return new Command("guest", "The reference guest (Debian built to boot like veilor-os).") { build, GuestServeCommand.Create() };
    }

    /// <summary>Runs vms/installer/build.sh (a cache hit when the recipe is unchanged) and prints the ISO's path, size, sha256 and build time.</summary>
    private static async Task<int> BuildInstallerAsync(bool force, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var iso = InstallerIso.FromRepository(timeout);
        var clock = Stopwatch.StartNew();
        var result = await iso.EnsureBuiltAsync(force, Console.WriteLine, cancellationToken);
        Console.WriteLine($"installer ISO {result.RecipeHash}: {result.Iso} ({result.IsoBytes / (1024 * 1024)} MiB), label {result.VolumeLabel}, kernel {result.Kernel}");
        Console.WriteLine($"  sha256 {result.IsoSha256}");
        Console.WriteLine($"  ISO built in {result.BuildTime.TotalSeconds:0} s; this command took {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
