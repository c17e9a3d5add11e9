namespace VeilorQA.Harness.Reporting;

/// <summary>One entry of <c>categories.json</c>: results whose status and message match fall into it.</summary>
/// <remarks>
/// Allure matches <see cref="MessageRegex"/> and <see cref="TraceRegex"/> against the WHOLE message
/// (Java <c>String.matches</c>), and puts a result into every category it matches.
/// </remarks>
public sealed record Category(string Name)
{
    public string? Description { get; init; }

    public IReadOnlyList<AllureStatus> MatchedStatuses { get; init; } = [];

    public string? MessageRegex { get; init; }

    public string? TraceRegex { get; init; }

    public bool Flaky { get; init; }
}
