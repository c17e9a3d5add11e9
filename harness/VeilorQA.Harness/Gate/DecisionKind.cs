namespace VeilorQA.Harness.Gate;

/// <summary>What the release decision makes of one case.</summary>
public enum DecisionKind
{
    /// <summary>Met its expectation on the first attempt.</summary>
    Passed,

    /// <summary>Not run by the judge's own rules (skipped or waived in verdicts.json): reported, does not block.</summary>
    NotRun,

    /// <summary>Failed, then met on the retry (pushes to main and release tags only): reported as flaky, does not block.</summary>
    Flaky,

    /// <summary>Failed, and quarantine.yml excuses it until its expiry: reported, does not block.</summary>
    Quarantined,

    /// <summary>Failed (or flaky again within the window, or produced no verdict): blocks the release.</summary>
    Failed,
}
