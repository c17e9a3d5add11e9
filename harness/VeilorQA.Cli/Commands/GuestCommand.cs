using System.CommandLine;
using System.Diagnostics;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Cli.Commands;

/// <summary><c>veilorqa guest build</c>: builds the reference guest, or reports the cached build of its recipe.</summary>
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
        var build = new Command("build", "Build the reference guest image (cached by a hash of vms/reference).")
        {
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
            catch (Exception e) when (e is ReferenceGuestBuildException or DirectoryNotFoundException or FileNotFoundException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });

        return new Command("guest", "The reference guest (Debian built to boot like veilor-os).") { build, GuestServeCommand.Create() };
    }
}
