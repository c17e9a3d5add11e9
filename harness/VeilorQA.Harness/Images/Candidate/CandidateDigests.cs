using System.Text.RegularExpressions;

namespace VeilorQA.Harness.Images.Candidate;

/// <summary>What vms/reference/build.sh records in <c>image/digests.env</c>: the manifest digests of tags 1 and 2 and the image's kernel.</summary>
/// <remarks>
/// These are the digests the registry must serve after a push with <c>--preserve-digests</c>, and the
/// ones a kickstart or a bootc-upgrade test pins (<c>…/veilorqa/reference@sha256:…</c>). A missing or
/// malformed value is an error naming the file and the key, never a silent empty pin.
/// </remarks>
public sealed partial record CandidateDigests(string V1, string V2, string Kernel)
{
    public const string FileName = "digests.env";

    public const string V1Key = "IMAGE_V1_DIGEST";

    public const string V2Key = "IMAGE_V2_DIGEST";

    public const string KernelKey = "IMAGE_KERNEL";

    /// <summary>The manifest digest of <paramref name="tag"/> (<c>1</c> or <c>2</c>).</summary>
    public string DigestOf(string tag) => tag switch
    {
        "1" => V1,
        "2" => V2,
        _ => throw new ArgumentException($"the candidate image has tags 1 and 2, not '{tag}'", nameof(tag)),
    };

    /// <summary>Reads <paramref name="path"/>; a missing file or key, or a value that is no sha256 digest, names both.</summary>
    public static CandidateDigests Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path} does not exist: the reference build writes it with the candidate image (vms/reference/build.sh)");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    /// <summary>Parses KEY=VALUE lines (blank lines and '#' comments skipped); <paramref name="source"/> names the file in errors.</summary>
    public static CandidateDigests Parse(IEnumerable<string> lines, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{source} line {number} is not KEY=VALUE: '{line}'");
            }

            var key = line[..eq];
            if (!values.TryAdd(key, line[(eq + 1)..]))
            {
                throw new FormatException($"{source} line {number}: {key} is set twice");
            }
        }

        return new CandidateDigests(Digest(values, V1Key, source), Digest(values, V2Key, source), Require(values, KernelKey, source));
    }

    private static string Require(Dictionary<string, string> values, string key, string source) =>
        values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"{source} has no value for {key}");

    private static string Digest(Dictionary<string, string> values, string key, string source)
    {
        var value = Require(values, key, source);
        return Sha256Digest().IsMatch(value)
            ? value
            : throw new FormatException($"{source}: {key}='{value}' is not a manifest digest (sha256:<64 lowercase hex>)");
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256Digest();
}
