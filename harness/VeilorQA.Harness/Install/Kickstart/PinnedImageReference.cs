using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>
/// An image in a registry named by its manifest digest (<c>veilorqa/reference@sha256:…</c>): what the installer
/// must deploy, so that the origin of the installed system can be checked against the digest the run pushed.
/// </summary>
/// <remarks>
/// A tag given as well (<c>repo:1@sha256:…</c>) is accepted and dropped: containers/image refuses a docker
/// reference with both a tag and a digest, and the digest is what counts.
/// </remarks>
public sealed partial record PinnedImageReference(string Repository, string Digest)
{
    /// <summary>Parses <c>[HOST:PORT/]REPO[:TAG]@sha256:&lt;64 hex&gt;</c>; a leading registry equal to
    /// <paramref name="registry"/> is removed (any other registry is refused: the guest pulls from that one).</summary>
    /// <exception cref="FormatException">Not pinned, a bad digest or repository, or another registry.</exception>
    public static PinnedImageReference Parse(string text, string? registry = null)
    {
        var match = Reference().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"image '{text}' is not REPOSITORY@sha256:<64 hex digits> (the install pulls by digest)");
        }

        var repository = match.Groups["repo"].Value;
        var slash = repository.IndexOf('/');
        if (slash > 0)
        {
            var first = repository[..slash];
            if (first.Contains(':') || first.Contains('.') || first == "localhost")
            {
                if (registry is null || !string.Equals(first, registry, StringComparison.Ordinal))
                {
                    throw new FormatException($"image '{text}' names registry '{first}', not the registry the guest pulls from ('{registry}'); give the repository alone");
                }

                repository = repository[(slash + 1)..];
            }
        }

        return new PinnedImageReference(repository, "sha256:" + match.Groups["hex"].Value);
    }

    /// <summary>The reference as <c>ostreecontainer --url</c> takes it: <c>HOST:PORT/REPO@sha256:…</c>.</summary>
    public string UrlIn(string registry) => $"{registry}/{Repository}@{Digest}";

    public override string ToString() => $"{Repository}@{Digest}";

    [GeneratedRegex("^(?<repo>[A-Za-z0-9.:_-]+(?:/[a-z0-9._-]+)*?)(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?@sha256:(?<hex>[0-9a-f]{64})$")]
    private static partial Regex Reference();
}
