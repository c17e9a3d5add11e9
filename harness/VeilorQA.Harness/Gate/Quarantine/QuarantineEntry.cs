namespace VeilorQA.Harness.Gate.Quarantine;

/// <summary>
/// One quarantined test: its failure is reported but does not block the release until <see cref="Expires"/>, and
/// someone (<see cref="Owner"/>) is on the hook for it in <see cref="Tracker"/>. An expired entry fails
/// <c>veilorqa matrix validate</c>, so a broken test cannot be silenced forever.
/// </summary>
/// <param name="Suite">The suite (matrix name, e.g. <c>suspend-wifi</c>).</param>
/// <param name="Test">One test of the suite (its NUnit method name), or null for the whole suite.</param>
/// <param name="Target">Only on this matrix target, or null for every target.</param>
/// <param name="Tracker">The issue tracking the fix (http or https URL).</param>
/// <param name="Owner">Who fixes it.</param>
/// <param name="Expires">The last day the entry holds.</param>
/// <param name="Reason">Why it is quarantined (optional, shown in the report).</param>
/// <param name="Line">Line of the entry in quarantine.yml (errors and verdict lines point at it).</param>
public sealed record QuarantineEntry(string Suite, string? Test, string? Target, Uri Tracker, string Owner, DateOnly Expires, string? Reason, int Line)
{
    /// <summary>How the entry is written in quarantine.yml's <c>test:</c> and named in messages: <c>SUITE</c> or <c>SUITE/TEST</c>.</summary>
    public string Id => Test is null ? Suite : $"{Suite}/{Test}";

    /// <summary>The entry as a verdict line shows it.</summary>
    public string Describe() => $"{Id}{(Target is null ? string.Empty : " on " + Target)} (quarantined until {Expires:yyyy-MM-dd}, owner {Owner}, {Tracker})";

    public bool IsExpiredOn(DateOnly today) => Expires < today;

    /// <summary>Whether the entry covers <paramref name="testMethod"/> of <paramref name="suite"/> on <paramref name="target"/> (a whole-suite entry covers every test).</summary>
    public bool Covers(string suite, string target, string? testMethod) =>
        Suite == suite && (Target is null || Target == target) && (Test is null || Test == testMethod);
}
