using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Targets;

/// <summary>Makes the <see cref="ITarget"/> a matrix run names: the reference guest VM, a VM the run installs from an ISO
/// (the reference installer, or any ISO with an OCI image), or a laptop over SSH.</summary>
public static class TargetFactory
{
    /// <summary>Creates (does not boot or connect) the target of <paramref name="run"/>, from the run alone (the matrix is not read again).</summary>
    /// <exception cref="NotSupportedException">The target's artifact cannot be run on this kind of target (named in the message).</exception>
    public static async Task<ITarget> CreateAsync(ResolvedRun run, Action<string> progress, CancellationToken cancellationToken)
    {
        switch (run.Target)
        {
            case VmProfile vm when run.Artifact is ReferenceGuestArtifact reference:
                var image = new ReferenceGuestImage(reference.Recipe, Path.Combine(Infrastructure.HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
                return await ReferenceVmTarget.CreateAsync(vm, image, run.Run.Faults, RoleOf(run.Run), progress, cancellationToken);
            case VmProfile vm when run.Artifact is ReferenceInstallerArtifact installerArtifact && run.InstallImage is ReferenceGuestArtifact installed:
                var referenceImage = new ReferenceGuestImage(installed.Recipe, Path.Combine(Infrastructure.HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
                var iso = new InstallerIso(installerArtifact.Recipe, InstallerIso.DefaultCacheRoot, InstallerIso.DefaultBuildTimeout);
                return await InstallingVmTarget.CreateAsync(vm, referenceImage, iso, run.Run.Faults, RoleOf(run.Run), progress, cancellationToken);
            case VmProfile vm when run.Artifact is IsoArtifact isoArtifact && run.InstallImage is OciImageArtifact imageArtifact:
                return await InstallingVmTarget.CreateAsync(
                    vm, isoArtifact, imageArtifact, run.Run.Faults, RoleOf(run.Run), progress, cancellationToken, update: run.UpdateImage as OciImageArtifact);
            case VmProfile:
                throw new NotSupportedException(WhyCannotCreate(run));
            case LaptopEntry laptop:
                // Reached over SSH alone: nothing of libvirt is touched for it.
                progress($"{laptop.Name}: laptop {laptop.User}@{laptop.Host}:{laptop.Port} over SSH");
                return new SshTarget(laptop, installed: run.Artifact);
            default:
                throw new NotSupportedException($"target '{run.Target.Name}' of kind '{run.Target.Kind}' is neither a VM nor a laptop.");
        }
    }

    /// <summary>Why this build cannot make the target of <paramref name="run"/>, or null when <see cref="CreateAsync"/> can.</summary>
    /// <remarks>Kept beside <see cref="CreateAsync"/> so a new kind of target changes both in one place; <c>matrix validate</c>
    /// and <c>veilorqa run</c> ask it before anything boots.</remarks>
    public static string? WhyCannotCreate(ResolvedRun run) => run.Target switch
    {
        VmProfile when run.Artifact is ReferenceGuestArtifact => null,
        VmProfile when run.Artifact is ReferenceInstallerArtifact && run.InstallImage is ReferenceGuestArtifact => null,
        VmProfile vm when run.Artifact is IsoArtifact && run.InstallImage is not OciImageArtifact =>
            $"target '{vm.Name}' installs from ISO artifact '{vm.BootArtifact}' but names no oci-image install_image to install",
        VmProfile vm when run.Artifact is IsoArtifact && run.Run.Faults.Count > 0 =>
            $"target '{vm.Name}' installs from ISO artifact '{vm.BootArtifact}': faults ({string.Join(", ", run.Run.Faults)}) are switched on by the reference installer and the reference guest only",
        VmProfile when run.Artifact is IsoArtifact => null,
        VmProfile vm => $"target '{vm.Name}' boots artifact '{vm.BootArtifact}' ({run.Artifact?.Kind ?? "?"}): this build runs the release suites " +
                        "directly only on reference-guest VMs, and installs only from an iso or reference-installer artifact",
        LaptopEntry => null,
        _ => $"target '{run.Target.Name}' of kind '{run.Target.Kind}' is neither a VM nor a laptop",
    };

    // Domain names carry the run name so that two runs of one process never collide.
    private static string RoleOf(MatrixRun run) => new string(run.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
