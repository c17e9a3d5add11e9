using System.Globalization;

namespace VeilorQA.Harness.Reporting;

/// <summary>What ran the tests (<c>executor.json</c>): CI system, build, where the report lives.</summary>
/// <remarks>
/// Allure shows <see cref="BuildName"/> in the report's Executors block ("Unknown" when it is missing, so it is always set)
/// and <see cref="ReportName"/> as the title of the report's overview.
/// </remarks>
public sealed record ExecutorInfo(string Name, string Type)
{
    public string? Url { get; init; }

    public long? BuildOrder { get; init; }

    public string? BuildName { get; init; }

    public string? BuildUrl { get; init; }

    public string? ReportName { get; init; }

    public string? ReportUrl { get; init; }

    /// <summary>The CI job of this process when one is detected (Forgejo/Gitea/GitHub Actions variables), else the local machine.</summary>
    /// <param name="reportName">The report's title.</param>
    /// <param name="environment">Reads environment variables (the process's own by default).</param>
    public static ExecutorInfo Detect(string reportName, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (CiJobUrl(environment) is { } job || environment("GITHUB_ACTIONS") == "true" || environment("FORGEJO_ACTIONS") == "true")
        {
            var number = environment("GITHUB_RUN_NUMBER");
            return new ExecutorInfo("Forgejo Actions", "github")
            {
                Url = environment("GITHUB_SERVER_URL"),
                BuildOrder = long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var order) ? order : null,
                BuildName = $"{environment("GITHUB_WORKFLOW") ?? "workflow"} #{number ?? "?"} ({environment("GITHUB_JOB") ?? "job"})",
                BuildUrl = CiJobUrl(environment),
                ReportName = reportName,
            };
        }

        var now = DateTimeOffset.UtcNow;
        return new ExecutorInfo($"local run on {Environment.MachineName}", "local")
        {
            BuildOrder = now.ToUnixTimeSeconds(),
            BuildName = string.Create(CultureInfo.InvariantCulture, $"veilorqa on {Environment.MachineName}, {now:yyyy-MM-dd HH:mm} UTC"),
            ReportName = reportName,
        };
    }

    /// <summary>The link to this CI job (<c>SERVER/REPOSITORY/actions/runs/RUN_ID</c>), or null outside CI.</summary>
    public static string? CiJobUrl(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var server = environment("GITHUB_SERVER_URL");
        var repository = environment("GITHUB_REPOSITORY");
        var runId = environment("GITHUB_RUN_ID");
        return string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(runId) ? null : $"{server}/{repository}/actions/runs/{runId}";
    }
}
