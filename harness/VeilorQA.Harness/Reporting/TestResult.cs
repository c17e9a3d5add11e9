using System.Text.Json.Serialization;

namespace VeilorQA.Harness.Reporting;

/// <summary>One run of one test: the content of a <c>{uuid}-result.json</c> file.</summary>
/// <remarks>
/// <see cref="HistoryId"/> is the same for every run of the same test with the same parameters, so Allure
/// can show history and retries; <see cref="TestCaseId"/> is the same for every run of the test whatever
/// its parameters.
/// </remarks>
public sealed record TestResult : ExecutableItem
{
    [JsonPropertyOrder(1)]
    public required string Uuid { get; init; }

    [JsonPropertyOrder(2)]
    public required string HistoryId { get; init; }

    [JsonPropertyOrder(3)]
    public string? TestCaseId { get; init; }

    [JsonPropertyOrder(4)]
    public required string FullName { get; init; }

    [JsonPropertyOrder(11)]
    public IReadOnlyList<Link> Links { get; init; } = [];

    [JsonPropertyOrder(12)]
    public IReadOnlyList<Label> Labels { get; init; } = [];

    [JsonPropertyOrder(30)]
    public string? Description { get; init; }
}
