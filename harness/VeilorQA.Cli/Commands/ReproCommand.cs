using System.CommandLine;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Iso;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Install.Repro;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa repro</c>: one install exactly as the gate runs it (the matrix's installing VM target, its registry, its
/// kickstart delivery), with the ISO, kickstart, image or install fault replaced, written as a bundle that replays it:
/// <c>veilorqa repro --replay BUNDLE</c> (or the bundle's replay.sh) runs the same install again and says whether it
/// ended the same way.
/// </summary>
internal static class ReproCommand
{
    /// <summary>The install failed (a repro of a failure) — or, for a replay, failed the same way as recorded.</summary>
    public const int InstallFailedExitCode = 1;

    /// <summary>Bad input: a missing ISO, a wrong sha256, a kickstart the installer would refuse, an unknown target or fault.</summary>
    public const int InvalidInputExitCode = 2;

    /// <summary>A replay ended differently from the recording (another failure, or no failure).</summary>
    public const int DifferentOutcomeExitCode = 4;

    public static Command Create()
    {
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml to take the installing VM target from", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var target = new Option<string>("--target") { Description = "VM target that installs the reference guest (artifact reference-installer, install_image reference-guest)", DefaultValueFactory = _ => "refiso" };
        var iso = new Option<string?>("--iso") { Description = "installer ISO: a path, or an http(s)/file URL (downloaded into the cache); needs --sha256" };
        var sha256 = new Option<string?>("--sha256") { Description = "the ISO's sha256 (64 hex digits), checked before anything boots" };
        var kickstart = new Option<FileInfo?>("--kickstart") { Description = "your kickstart: a template with @…@ fields (like vms/kickstart/veilor.ks.in) or a finished kickstart delivered as it is" };
        var image = new Option<DirectoryInfo?>("--image") { Description = "an OCI image layout with tags 1 and 2 and digests.env (veilorqa image build) to install instead of the reference guest's" };
        var fault = new Option<string?>("--fault") { Description = "an install failure mode to switch on (install-kickstart-syntax, install-disk-too-small, …)" };
        var keep = new Option<bool>("--keep") { Description = "keep the target disk in the bundle (and the install's folder until reaped)" };
        var output = new Option<DirectoryInfo?>("--output") { Description = "the bundle folder to create (default artifacts/repro/<run id>)" };
        var replay = new Option<DirectoryInfo?>("--replay") { Description = "a bundle to run again: same ISO (sha256 checked), kickstart source, image, fault" };
        var command = new Command("repro", "Run one install as the gate does and write a bundle that replays it (or replay one with --replay)")
        {
            matrix, target, iso, sha256, kickstart, image, fault, keep, output, replay,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ReproRequest(
                parse.GetValue(matrix)!.FullName, parse.GetValue(target)!, parse.GetValue(iso), parse.GetValue(sha256), parse.GetValue(kickstart)?.FullName,
                parse.GetValue(image)?.FullName, parse.GetValue(fault), parse.GetValue(keep), parse.GetValue(output)?.FullName, parse.GetValue(replay)?.FullName);
            return await RunAsync(request, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>What <c>veilorqa repro</c> was asked for.</summary>
    internal sealed record ReproRequest(
        string Matrix, string Target, string? Iso, string? Sha256, string? Kickstart, string? ImageLayout, string? Fault, bool Keep, string? Output, string? Replay);

    internal static async Task<int> RunAsync(ReproRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ReproBundleContents? recorded = null;
        InstallingVmTarget? installing = null;
        try
        {
            if (request.Replay is { } bundle)
            {
                if (request.Iso is not null || request.Kickstart is not null || request.ImageLayout is not null || request.Fault is not null)
                {
                    throw new ArgumentException("--replay runs the bundle's own ISO, kickstart, image and fault: give none of --iso, --kickstart, --image, --fault with it");
                }

                recorded = await ReproBundle.ReadAsync(bundle, cancellationToken);
                output.WriteLine($"replaying {recorded.Directory} (recorded {recorded.Created:yyyy-MM-dd HH:mm} UTC: {(recorded.Succeeded ? "install completed" : $"{recorded.FailureKind}: {recorded.Explanation}")})");
            }

            var overrides = await OverridesAsync(request, recorded?.Inputs, output, cancellationToken);
            var loaded = TestMatrixLoader.Load(request.Matrix);
            var definition = loaded.Target(request.Target) as VmProfile
                ?? throw new ArgumentException($"target '{request.Target}' of {request.Matrix} is not a VM target");
            if (loaded.ArtifactOf(definition) is not ReferenceInstallerArtifact installerArtifact
                || definition.InstallImage is null || loaded.Artifact(definition.InstallImage) is not ReferenceGuestArtifact reference)
            {
                throw new ArgumentException($"target '{definition.Name}' does not install the reference guest (artifact kind reference-installer, install_image a reference-guest artifact); "
                                            + "veilor's own ISO is reproduced on the release runner, where its image can be pulled");
            }

            RunOwner.Claim(RunId.Current);
            var referenceImage = new ReferenceGuestImage(reference.Recipe, Path.Combine(HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
            var installerIso = new InstallerIso(installerArtifact.Recipe, InstallerIso.DefaultCacheRoot, InstallerIso.DefaultBuildTimeout);
            installing = await InstallingVmTarget.CreateAsync(definition, referenceImage, installerIso, [], "repro", output.WriteLine, cancellationToken, overrides);
            var outcome = await installing.InstallAsync(cancellationToken);
            if (request.Keep)
            {
                installing.KeepInstall();
            }

            var folder = request.Output ?? Path.Combine("artifacts", "repro", RunId.Current.Value);
            var written = await ReproBundle.WriteAsync(outcome, folder, request.Keep, cancellationToken: cancellationToken);
            output.WriteLine(outcome.Succeeded
                ? $"install completed in {outcome.Elapsed.TotalSeconds:0} s"
                : $"install FAILED after {outcome.Elapsed.TotalSeconds:0} s: {outcome.Failure}");
            output.WriteLine($"bundle: {written.Directory} (replay: {Path.Combine(written.Directory, ReproBundle.ReplayScriptName)})");
            if (request.Keep)
            {
                output.WriteLine($"kept: the install's folder {outcome.Artifacts.Directory} (removed by 'veilorqa reap' once this run is gone) and the disk in the bundle");
            }

            if (recorded is null)
            {
                return outcome.Succeeded ? 0 : InstallFailedExitCode;
            }

            var same = recorded.FailureKind == outcome.Failure?.Kind;
            output.WriteLine(same
                ? $"replay: ended the same way as recorded ({(outcome.Succeeded ? "completed" : outcome.Failure!.Kind.ToString())})"
                : $"replay: ended DIFFERENTLY: recorded {(recorded.Succeeded ? "completed" : $"{recorded.FailureKind}: {recorded.Explanation}")}, now {(outcome.Succeeded ? "completed" : outcome.Failure!.ToString())}");
            return !same ? DifferentOutcomeExitCode : outcome.Succeeded ? 0 : InstallFailedExitCode;
        }
        catch (Exception e) when (e is ArgumentException or MatrixException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException
                                      or IsoChecksumException or IsoDownloadException or ReproBundleException or KickstartParseException or KickstartRenderException
                                      or FormatException or NotSupportedException)
        {
            error.WriteLine($"veilorqa repro: {e.Message}");
            return InvalidInputExitCode;
        }
        catch (Exception e) when (e is LibvirtException or ReferenceGuestBuildException or InstallerBuildException or Harness.Images.Registry.RegistryException)
        {
            error.WriteLine($"veilorqa repro: {e.Message}");
            return 3;
        }
        finally
        {
            if (installing is not null)
            {
                await installing.DisposeAsync();
            }
        }
    }

    private static async Task<InstallOverrides> OverridesAsync(ReproRequest request, InstallInputs? recorded, TextWriter output, CancellationToken cancellationToken)
    {
        if (recorded is not null)
        {
            // The bundle names its ISO by path and digest (checked again: a rebuilt ISO is another ISO) and its kickstart by source.
            using var source = new IsoSource();
            var iso = await source.ResolveAsync(recorded.IsoUrl?.ToString() ?? recorded.IsoPath, recorded.IsoSha256, "bundle.json inputs.isoPath/isoSha256", output.WriteLine, cancellationToken);
            const string template = "template ";
            return new InstallOverrides
            {
                IsoPath = iso.Path,
                IsoSha256 = iso.Sha256,
                IsoUrl = iso.Url,
                KickstartFile = recorded.KickstartSource.StartsWith(template, StringComparison.Ordinal) ? null : recorded.KickstartSource,
                Fault = recorded.Fault,
            };
        }

        if ((request.Iso is null) != (request.Sha256 is null))
        {
            throw new ArgumentException("--iso and --sha256 go together: an ISO is only booted once its sha256 is checked");
        }

        var overrides = new InstallOverrides { KickstartFile = request.Kickstart, ImageLayout = request.ImageLayout, Fault = request.Fault };
        if (request.Iso is { } given)
        {
            using var source = new IsoSource();
            var iso = await source.ResolveAsync(given, request.Sha256!, "--iso/--sha256", output.WriteLine, cancellationToken);
            overrides = overrides with { IsoPath = iso.Path, IsoSha256 = iso.Sha256, IsoUrl = iso.Url };
        }

        return overrides;
    }
}
