using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Gate;

/// <summary>
/// What Forgejo Actions tells a job about itself (the GitHub-compatible <c>GITHUB_*</c> variables): the event, the ref,
/// the commit and the run, so the decision knows whether retries count, labels its history entry and links the
/// report to the CI run.
/// </summary>
public sealed record CiEnvironment(string? EventName, string? Ref, string? Sha, string? ServerUrl, string? Repository, string? RunNumber, string? Workflow)
{
    public static CiEnvironment FromEnvironment() => new(
        Variable("GITHUB_EVENT_NAME"), Variable("GITHUB_REF"), Variable("GITHUB_SHA"), Variable("GITHUB_SERVER_URL"),
        Variable("GITHUB_REPOSITORY"), Variable("GITHUB_RUN_NUMBER"), Variable("GITHUB_WORKFLOW"));

    /// <summary>Inside a CI run (a run number and a repository are known).</summary>
    public bool IsCi => RunNumber is not null && Repository is not null;

    /// <summary>How the flake history names this gate run: short commit and run number.</summary>
    public string Label => IsCi ? $"{Sha?[..Math.Min(8, Sha.Length)] ?? "?"} #{RunNumber}" : $"local {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}";

    /// <summary>The run's page on the Forgejo server.</summary>
    public string? RunUrl => IsCi && ServerUrl is not null ? $"{ServerUrl.TrimEnd('/')}/{Repository}/actions/runs/{RunNumber}" : null;

    /// <summary>The report's executor block: the CI run and its link (null outside CI).</summary>
    public ExecutorInfo? Executor() => IsCi
        ? new ExecutorInfo("Forgejo Actions (nullstone)", "forgejo")
        {
            Url = ServerUrl,
            BuildOrder = long.TryParse(RunNumber, out var order) ? order : null,
            BuildName = $"{Workflow ?? "release-gate"} #{RunNumber} ({Ref}, {Label})",
            BuildUrl = RunUrl,
            ReportName = "VeilorQA release gate",
        }
        : null;

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
