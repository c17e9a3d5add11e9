namespace VeilorQA.Harness.Gate.Quarantine;

/// <summary>The entries of quarantine.yml, checked (<see cref="QuarantineLoader"/>): every one has a tracker, an owner and an expiry.</summary>
public sealed record QuarantineList(string File, IReadOnlyList<QuarantineEntry> Entries)
{
    /// <summary>The file name looked for next to TestMatrix.yml.</summary>
    public const string DefaultFileName = "quarantine.yml";

    /// <summary>No file: nothing is quarantined.</summary>
    public static QuarantineList None(string file) => new(file, []);

    /// <summary>
    /// The entry that excuses a failed case: a whole-suite entry for its suite and target, or, when every failing test
    /// of the case is named by a test entry, the first of those. Null when the failure must block.
    /// </summary>
    /// <param name="suite">The case's suite.</param>
    /// <param name="target">The case's target.</param>
    /// <param name="failingTests">Method names of its failed or broken tests (empty when the case failed without a test result to blame, e.g. the suite did not run).</param>
    public QuarantineEntry? Excuse(string suite, string target, IReadOnlyCollection<string> failingTests)
    {
        var whole = Entries.FirstOrDefault(e => e.Test is null && e.Covers(suite, target, null));
        if (whole is not null)
        {
            return whole;
        }

        if (failingTests.Count == 0)
        {
            return null;
        }

        var covering = failingTests.Select(t => Entries.FirstOrDefault(e => e.Test is not null && e.Covers(suite, target, t))).ToList();
        return covering.All(e => e is not null) ? covering[0] : null;
    }
}
