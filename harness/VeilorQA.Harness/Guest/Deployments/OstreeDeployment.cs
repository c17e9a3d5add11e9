namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>One deployment as <c>ostree admin status</c> prints it.</summary>
public sealed record OstreeDeployment(
    string Stateroot,
    string Checksum,
    int Serial,
    bool IsBooted,
    bool IsStaged,
    bool IsPending,
    bool IsRollback,
    string? Version,
    bool Pinned,
    string? OriginRefspec,
    string? Unlocked);
