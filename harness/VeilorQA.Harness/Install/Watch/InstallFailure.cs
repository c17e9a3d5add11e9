namespace VeilorQA.Harness.Install.Watch;

/// <summary>
/// A fatal install error: its kind, one line a person reads first (what failed and why, e.g. "payload: the image pull failed:
/// manifest unknown (ostree container image deploy exited 1)"), and the log lines it was recognised from (secrets masked).
/// </summary>
public sealed record InstallFailure(InstallFailureKind Kind, string Explanation, IReadOnlyList<string> Evidence)
{
    public override string ToString() => $"{Kind}: {Explanation}";
}
