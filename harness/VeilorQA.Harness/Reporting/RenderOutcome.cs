namespace VeilorQA.Harness.Reporting;

/// <summary>What <see cref="ReportRenderer"/> did: the report's index page, or why it rendered none.</summary>
public sealed record RenderOutcome(bool Rendered, string ReportDirectory, string Reason)
{
    public string IndexPath => Path.Combine(ReportDirectory, "index.html");

    public static RenderOutcome Skipped(string reportDirectory, string reason) => new(false, reportDirectory, reason);
}
