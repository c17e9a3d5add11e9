namespace VeilorQA.Harness.Reporting;

/// <summary>What ran the tests (<c>executor.json</c>): CI system, build, where the report lives.</summary>
public sealed record ExecutorInfo(string Name, string Type)
{
    public string? Url { get; init; }

    public long? BuildOrder { get; init; }

    public string? BuildName { get; init; }

    public string? BuildUrl { get; init; }

    public string? ReportName { get; init; }

    public string? ReportUrl { get; init; }
}
