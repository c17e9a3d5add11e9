namespace VeilorQA.Harness.Doctor;

/// <summary>The outcome of a prerequisite check: what was found and, when not OK, the exact fix.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Detail, string? Fix = null)
{
    public static CheckResult Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);

    public static CheckResult Warn(string name, string detail, string? fix = null) => new(name, CheckStatus.Warn, detail, fix);

    public static CheckResult Fail(string name, string detail, string fix) => new(name, CheckStatus.Fail, detail, fix);
}
