using VeilorQA.Harness.Images.Candidate;
using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Image;

/// <summary>
/// Copies the image an install pulls into the run's own registry with skopeo and pins it by the digest the copy produced:
/// <c>skopeo copy --digestfile</c>, then the registry is asked what it serves for that digest. A registry source's
/// credentials go to skopeo through a 0600 auth file in the run's folder (never a command line), deleted afterwards.
/// </summary>
public static class ImageImporter
{
    /// <summary>The repository the image lands in, in the run's registry.</summary>
    public const string Repository = "veilorqa/install";

    /// <summary>The tag it is copied to (the kickstart names the digest, never this tag).</summary>
    public const string Tag = "candidate";

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> and returns the pinned reference.</summary>
    /// <param name="source">The image, as the matrix chose it.</param>
    /// <param name="target">The run's registry.</param>
    /// <param name="workDirectory">A folder of the run for the digest file and the auth file (both deleted afterwards).</param>
    /// <param name="environment">Reads the credentials' environment variables (the process's own by default).</param>
    /// <param name="log">Receives the copy's milestones (never a credential).</param>
    /// <param name="cancellationToken">Cancels skopeo.</param>
    /// <exception cref="InvalidOperationException">A credential named by the artifact cannot be read (the message names artifact, field and variable).</exception>
    /// <exception cref="RegistryException">skopeo failed, or the copy produced another digest than the one the matrix pins.</exception>
    public static async Task<PushedTag> ImportAsync(
        InstallImageSource source, RegistryTarget target, string workDirectory, Func<string, string?>? environment = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (!ExternalCommand.IsOnPath("skopeo"))
        {
            throw new RegistryException("skopeo is not installed (apt-get install skopeo; scripts/setup.sh installs it)");
        }

        Directory.CreateDirectory(workDirectory);
        var digestFile = Path.Combine(workDirectory, "image-copy.digest");
        var authFile = Path.Combine(workDirectory, "source-auth.json");
        var destination = $"{target.Address}/{Repository}";
        try
        {
            List<string> arguments = ["copy", "--quiet", "--digestfile", digestFile, .. target.SkopeoOptions("dest-")];
            if (source.PinnedDigest is not null)
            {
                // The matrix pins the digest: skopeo must copy the manifest as it is (no recompression, no conversion).
                arguments.Add("--preserve-digests");
            }

            if (source.User is not null)
            {
                var user = Targets.Vm.ArtifactSecret.Resolve(source.Artifact, "registry_user", source.User, environment);
                var password = Targets.Vm.ArtifactSecret.Resolve(source.Artifact, "registry_password", source.Password, environment);
                RegistryAuthFile.Write(authFile, source.Registry!, new RegistryCredentials(user.Reveal(), password));
                arguments.AddRange(["--src-authfile", authFile]);
            }

            arguments.AddRange([source.SkopeoReference, $"docker://{destination}:{Tag}"]);
            log?.Invoke($"copy {source} -> docker://{destination}:{Tag}");
            await SkopeoAsync(arguments, cancellationToken);
            var produced = (await File.ReadAllTextAsync(digestFile, cancellationToken)).Trim();
            if (source.PinnedDigest is { } pinned && produced != pinned)
            {
                throw new RegistryException($"artifact '{source.Artifact}' pins digest {pinned}, but copying {source.SkopeoReference} produced {produced}");
            }

            var served = (await SkopeoAsync(["inspect", .. target.SkopeoOptions(string.Empty), "--format", "{{.Digest}}", $"docker://{destination}@{produced}"], cancellationToken)).Trim();
            if (served != produced)
            {
                throw new RegistryException($"{destination}@{produced} is served as manifest {served}: the run's registry does not hold what the copy wrote");
            }

            return new PushedTag(Tag, produced, $"{destination}@{produced}");
        }
        finally
        {
            File.Delete(authFile);
            File.Delete(digestFile);
        }
    }

    private static async Task<string> SkopeoAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ExternalCommand.RunCheckedAsync("skopeo", arguments, CandidatePusher.CopyTimeout, cancellationToken: cancellationToken);
        }
        catch (ExternalCommandException e)
        {
            throw new RegistryException(Redactor.Global.Redact(e.Message), e);
        }
    }
}
