using System.CommandLine;
using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa image build|push|serve</c>: the candidate image (the reference build's OCI layout, tags 1
/// and 2) and the local registry it is installed and upgraded from.
/// </summary>
internal static class ImageCommand
{
    public static Command Create() => new("image", "The candidate image (tags 1 and 2 of veilorqa/reference) and its local registry.")
    {
        CreateBuild(),
        CreatePush(),
        CreateServe(),
    };

    private static Command CreateBuild()
    {
        var timeout = TimeoutOption();
        var command = new Command("build", "Ensure the reference guest build (which writes the candidate image) and print its tags, digests and sizes.") { timeout };
        command.SetAction(async (parse, cancellationToken) => await Guarded("build", async () =>
        {
            var image = await EnsureCandidateAsync(parse.GetValue(timeout), null, cancellationToken);
            Console.WriteLine($"candidate image {image.LayoutDirectory} (kernel {image.Digests.Kernel})");
            foreach (var tag in CandidateImage.TagNames.Select(image.Describe))
            {
                Console.WriteLine($"  {CandidateImage.Repository}:{tag.Tag}  {tag.Digest}  {tag.Bytes / (1024.0 * 1024):0.0} MiB in {tag.Layers} layer(s)");
            }

            return 0;
        }));
        return command;
    }

    private static Command CreatePush()
    {
        var registry = new Option<string>("--registry") { Description = "HOST:PORT of the registry", Required = true };
        var tlsCa = new Option<DirectoryInfo?>("--tls-ca") { Description = "folder with ca.crt of a TLS registry (without it: plain HTTP, TLS verification off)" };
        var authFile = new Option<FileInfo?>("--auth-file") { Description = "containers-auth.json file with the registry's credentials (never pass them on a command line)" };
        var timeout = TimeoutOption();
        var layout = LayoutOption();
        var command = new Command("push", "Push tags 1 and 2 with their recorded digests and print the pinned references.") { registry, tlsCa, authFile, timeout, layout };
        command.SetAction(async (parse, cancellationToken) => await Guarded("push", async () =>
        {
            var address = parse.GetValue(registry)!;
            if (!address.Contains(':', StringComparison.Ordinal) || address.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException($"--registry wants HOST:PORT, got '{address}'");
            }

            var ca = parse.GetValue(tlsCa);
            if (ca is not null && !File.Exists(Path.Combine(ca.FullName, "ca.crt")))
            {
                throw new FileNotFoundException($"--tls-ca {ca.FullName} holds no ca.crt");
            }

            var auth = parse.GetValue(authFile);
            if (auth is not null && !auth.Exists)
            {
                throw new FileNotFoundException($"--auth-file {auth.FullName} does not exist");
            }

            var image = await EnsureCandidateAsync(parse.GetValue(timeout), parse.GetValue(layout), cancellationToken);
            var target = new RegistryTarget(address, Plain: ca is null, ca?.FullName, auth?.FullName);
            Print(await CandidatePusher.PushAsync(image, target, Console.WriteLine, cancellationToken));
            return 0;
        }));
        return command;
    }

    private static Command CreateServe()
    {
        var mode = new Option<RegistryMode>("--mode") { Description = "plain (HTTP), tls (generated CA) or auth (TLS + htpasswd)", DefaultValueFactory = _ => RegistryMode.Plain };
        var export = new Option<DirectoryInfo?>("--export") { Description = "folder receiving ca.crt and auth.json (0600) for clients; default: print their paths in the run's temp folder" };
        var timeout = TimeoutOption();
        var layout = LayoutOption();
        var command = new Command("serve", "Start a local registry on 127.0.0.1, push the candidate, print the address and wait for Ctrl+C; then remove the container.")
        {
            mode, export, timeout, layout,
        };
        command.SetAction(async (parse, cancellationToken) => await Guarded("serve", async () =>
        {
            var image = await EnsureCandidateAsync(parse.GetValue(timeout), parse.GetValue(layout), cancellationToken);
            RunOwner.Claim(RunId.Current);
            try
            {
                await using var registry = await LocalRegistry.StartAsync(parse.GetValue(mode), RunId.Current, cancellationToken: cancellationToken);
                using var auth = registry.Credentials is { } credentials ? RegistryAuthFile.Create(registry.Address, credentials, RunId.Current) : null;
                Print(await CandidatePusher.PushAsync(image, RegistryTarget.Of(registry, auth?.Path), Console.WriteLine, cancellationToken));
                Console.WriteLine($"registry {registry.ContainerName} ({registry.Mode}) on {registry.Scheme}://{registry.Address}, guests: {registry.GuestAddress}");
                if (parse.GetValue(export) is { } folder)
                {
                    Directory.CreateDirectory(folder.FullName);
                    if (registry.CaPem is { } pem)
                    {
                        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ca.crt"), pem, cancellationToken);
                    }

                    if (registry.Credentials is { } exported)
                    {
                        RegistryAuthFile.Write(Path.Combine(folder.FullName, "auth.json"), [registry.Address, registry.GuestAddress], exported);
                    }

                    Console.WriteLine($"  exports in {folder.FullName} (ca.crt; auth.json for {registry.Address} and {registry.GuestAddress})");
                }
                else
                {
                    Console.WriteLine($"  CA folder: {registry.CaDirectory ?? "none (plain HTTP)"}; auth file: {auth?.Path ?? "none"}");
                }

                Console.WriteLine("stop with Ctrl+C or SIGTERM");
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopped: the registry container and its files are removed");
                return 0;
            }
            finally
            {
                RunOwner.Release(RunId.Current.Value);
            }
        }));
        return command;
    }

    private static Option<int> TimeoutOption() => new("--timeout-minutes")
    {
        Description = "Give up on the reference guest build after this many minutes.",
        DefaultValueFactory = _ => (int)ReferenceGuestImage.DefaultBuildTimeout.TotalMinutes,
    };

    private static Option<DirectoryInfo?> LayoutOption() => new("--layout")
    {
        Description = "an OCI image layout with tags 1 and 2 and digests.env to use instead of the reference build's image/ (no guest build)",
    };

    /// <summary>The candidate in <paramref name="layout"/>, else the current reference recipe's, building the guest first when the cache lacks it.</summary>
    private static async Task<CandidateImage> EnsureCandidateAsync(int timeoutMinutes, DirectoryInfo? layout, CancellationToken cancellationToken)
    {
        if (layout is not null)
        {
            return CandidateImage.Load(layout.FullName);
        }

        if (timeoutMinutes <= 0)
        {
            throw new ArgumentException("--timeout-minutes must be positive");
        }

        var reference = ReferenceGuestImage.FromRepository(TimeSpan.FromMinutes(timeoutMinutes));
        var build = await reference.EnsureBuiltAsync(force: false, passphraseFile: null, Console.WriteLine, cancellationToken);
        return CandidateImage.FromBuild(build);
    }

    private static void Print(IReadOnlyList<PushedTag> pushed)
    {
        foreach (var tag in pushed)
        {
            Console.WriteLine($"  tag {tag.Tag}: {tag.PinnedReference}");
        }
    }

    private static async Task<int> Guarded(string verb, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is InfrastructureException or FormatException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"veilorqa image {verb}: {e.Message}");
            return 1;
        }
    }
}
