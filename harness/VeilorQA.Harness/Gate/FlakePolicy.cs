namespace VeilorQA.Harness.Gate;

/// <summary>
/// The flake policy of one gate run. On pushes to main and release tags a failed case is retried once and a pass on
/// the retry counts (flaky, does not block) unless the case was flaky in one of the previous <see cref="Window"/> gate
/// runs; on pull requests there is no retry, so every failure counts.
/// </summary>
/// <param name="RetriesCount">Whether retry results count (push to main or a release tag).</param>
/// <param name="Window">How many previous gate runs a repeated flake is looked for in. Default 5.</param>
public sealed record FlakePolicy(bool RetriesCount, int Window = FlakePolicy.DefaultWindow)
{
    public const int DefaultWindow = 5;

    /// <summary>Whether a CI event retries: a push to <c>refs/heads/main</c> or to a tag <c>refs/tags/*</c>; never a pull request.</summary>
    public static bool RetriesOn(string eventName, string gitRef) =>
        eventName == "push" && (gitRef == "refs/heads/main" || gitRef.StartsWith("refs/tags/", StringComparison.Ordinal));
}
