using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Runs;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Laptop;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Targets;

/// <summary>Makes the <see cref="ITarget"/> a matrix run names: the reference guest VM, or a laptop over SSH.</summary>
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
            case VmProfile vm:
                throw new NotSupportedException(
                    $"target '{vm.Name}': booting artifact '{vm.BootArtifact}' ({run.Artifact?.Kind}) as a release target needs the install path " +
                    "(`veilorqa reproduce` installs an ISO + kickstart); only reference-guest VMs run the release suites directly.");
            case LaptopEntry laptop:
                // Reached over SSH alone: nothing of libvirt is touched for it.
                progress($"{laptop.Name}: laptop {laptop.User}@{laptop.Host}:{laptop.Port} over SSH");
                return new SshTarget(laptop);
            default:
                throw new NotSupportedException($"target '{run.Target.Name}' of kind '{run.Target.Kind}' is neither a VM nor a laptop.");
        }
    }

    // Domain names carry the run name so that two runs of one process never collide.
    private static string RoleOf(MatrixRun run) => new string(run.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
