using VeilorQA.Harness.Images.Registry;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Images.Candidate;

/// <summary>Where and how to push: <c>host:port</c>, TLS trust, and an optional auth file.</summary>
/// <param name="Address"><c>host:port</c> of the registry.</param>
/// <param name="Plain">Plain HTTP: TLS verification off (the only case it is off).</param>
/// <param name="CaDirectory">A folder with <c>ca.crt</c> for a TLS registry whose CA the host does not trust; null uses the system's.</param>
/// <param name="AuthFile">A containers-auth.json file; null pushes anonymously.</param>
public sealed record RegistryTarget(string Address, bool Plain, string? CaDirectory = null, string? AuthFile = null)
{
    /// <summary>The target of a <see cref="LocalRegistry"/>, with <paramref name="authFile"/> for its credentials.</summary>
    public static RegistryTarget Of(LocalRegistry registry, string? authFile = null) =>
        new(registry.Address, registry.Mode == RegistryMode.Plain, registry.CaDirectory, authFile);

    /// <summary>skopeo's reference of <paramref name="tagOrDigest"/> in <see cref="CandidateImage.Repository"/> (<c>:1</c> or <c>@sha256:…</c>).</summary>
    public string Reference(string tagOrDigest) =>
        $"{Address}/{CandidateImage.Repository}{(tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":")}{tagOrDigest}";

    /// <summary>TLS and auth options of skopeo for this target; <paramref name="prefix"/> is <c>dest-</c>, <c>src-</c> or empty.</summary>
    public IReadOnlyList<string> SkopeoOptions(string prefix)
    {
        var options = new List<string>();
        if (Plain)
        {
            options.Add($"--{prefix}tls-verify=false");
        }
        else if (CaDirectory is not null)
        {
            options.AddRange([$"--{prefix}cert-dir", CaDirectory]);
        }

        if (AuthFile is not null)
        {
            options.AddRange([$"--{prefix}authfile", AuthFile]);
        }

        return options;
    }
}

/// <summary>A pushed tag: its digest and the pinned reference a kickstart or an upgrade names.</summary>
public sealed record PushedTag(string Tag, string Digest, string PinnedReference);

/// <summary>Pushes the candidate's tags 1 and 2 with <c>skopeo copy --preserve-digests</c> and checks what the registry serves.</summary>
/// <remarks>
/// <c>--preserve-digests</c> makes skopeo fail rather than re-compress or convert the manifest, so the
/// digests a test pins (digests.env) are the digests the installer pulls. The check afterwards asks the
/// registry itself (<c>skopeo inspect</c>) for each tag's manifest digest.
/// </remarks>
public static class CandidatePusher
{
    /// <summary>Time allowed per skopeo call (a cold push of the reference image moves a few hundred MiB).</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Pushes every tag of <paramref name="image"/> to <paramref name="target"/> and verifies the served digests.</summary>
    public static async Task<IReadOnlyList<PushedTag>> PushAsync(CandidateImage image, RegistryTarget target, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        var pushed = new List<PushedTag>();
        foreach (var tag in CandidateImage.TagNames)
        {
            var recorded = image.Digests.DigestOf(tag);
            var destination = "docker://" + target.Reference(tag);
            log?.Invoke($"push {image.SourceReference(tag)} -> {destination}");
            await Skopeo(["copy", "--quiet", "--preserve-digests", .. target.SkopeoOptions("dest-"), image.SourceReference(tag), destination], cancellationToken);
            var served = await ServedDigestAsync(target, tag, cancellationToken);
            if (served != recorded)
            {
                throw new RegistryException($"{target.Reference(tag)} serves manifest {served}, but {CandidateDigests.FileName} records {recorded}");
            }

            pushed.Add(new PushedTag(tag, served, target.Reference(served)));
        }

        return pushed;
    }

    /// <summary>The manifest digest the registry serves for <paramref name="tagOrDigest"/> (<c>skopeo inspect</c>).</summary>
    public static async Task<string> ServedDigestAsync(RegistryTarget target, string tagOrDigest, CancellationToken cancellationToken = default) =>
        (await Skopeo(["inspect", .. target.SkopeoOptions(string.Empty), "--format", "{{.Digest}}", "docker://" + target.Reference(tagOrDigest)], cancellationToken)).Trim();

    private static async Task<string> Skopeo(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (!ExternalCommand.IsOnPath("skopeo"))
        {
            throw new RegistryException("skopeo is not installed (apt-get install skopeo; scripts/setup.sh installs it)");
        }

        try
        {
            return await ExternalCommand.RunCheckedAsync("skopeo", arguments, CopyTimeout, cancellationToken: cancellationToken);
        }
        catch (ExternalCommandException e)
        {
            throw new RegistryException(e.Message, e);
        }
    }
}
