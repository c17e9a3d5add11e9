namespace VeilorQA.Harness.Gate;

/// <summary>
/// The folder one gate job uploads: <c>first/</c> (<c>veilorqa run --run RUN</c>) and, when it was retried,
/// <c>retry/</c> (<c>veilorqa run --retry-failed first/verdicts.json</c>), each with verdicts.json and allure-results.
/// </summary>
public sealed record GateJob(string Directory, Attempt? First, Attempt? Retry, string? Problem)
{
    public const string FirstFolder = "first";

    public const string RetryFolder = "retry";

    /// <summary>The runs this job reported verdicts for.</summary>
    public IEnumerable<string> Runs => First?.Verdicts.Select(v => v.Run).Distinct() ?? [];

    /// <summary>Reads a job folder; what cannot be read is kept as <see cref="Problem"/> (the decision blocks on it) rather than thrown.</summary>
    public static GateJob Read(string directory)
    {
        Attempt? first = null;
        Attempt? retry = null;
        string? problem = null;
        try
        {
            first = Attempt.Read(Path.Combine(directory, FirstFolder));
        }
        catch (InvalidDataException e)
        {
            problem = $"first attempt: {e.Message}";
        }

        var retryDirectory = Path.Combine(directory, RetryFolder);
        if (System.IO.Directory.Exists(retryDirectory))
        {
            try
            {
                retry = Attempt.Read(retryDirectory);
            }
            catch (InvalidDataException e)
            {
                problem = (problem is null ? string.Empty : problem + "; ") + $"retry: {e.Message}";
            }
        }

        return new GateJob(directory, first, retry, problem);
    }

    /// <summary>The artifact name prefix of gate jobs (<c>gate-RUN</c>); other artifacts of the workflow run are not jobs.</summary>
    public const string ArtifactPrefix = "gate-";

    /// <summary>Every gate job folder under <paramref name="jobsDirectory"/> (one per downloaded artifact: named <c>gate-*</c> or holding <c>first/</c>), in name order.</summary>
    public static IReadOnlyList<GateJob> ReadAll(string jobsDirectory) =>
        System.IO.Directory.Exists(jobsDirectory)
            ? System.IO.Directory.GetDirectories(jobsDirectory)
                .Where(d => Path.GetFileName(d).StartsWith(ArtifactPrefix, StringComparison.Ordinal) || System.IO.Directory.Exists(Path.Combine(d, FirstFolder)))
                .Order(StringComparer.Ordinal)
                .Select(Read)
                .ToList()
            : throw new DirectoryNotFoundException($"no job results folder at {jobsDirectory}");
}
