using System.Text.Json.Serialization;

namespace VeilorQA.Harness.Reporting;

/// <summary>What Allure's results share for anything that runs: a test, a set-up/tear-down, a step (Allure's
/// <c>ExecutableItem</c>): its name, status and details, stage, times, nested steps, attachments and parameters.</summary>
/// <remarks>JSON property order is pinned (<see cref="JsonPropertyOrderAttribute"/>) so results read as Allure writes them.</remarks>
public abstract record ExecutableItem
{
    [JsonPropertyOrder(10)]
    public required string Name { get; init; }

    [JsonPropertyOrder(20)]
    public AllureStatus Status { get; init; }

    [JsonPropertyOrder(21)]
    public StatusDetails? StatusDetails { get; init; }

    [JsonPropertyOrder(22)]
    public AllureStage Stage { get; init; } = AllureStage.Finished;

    /// <summary>Start, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyOrder(40)]
    public long Start { get; init; }

    /// <summary>Stop, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyOrder(41)]
    public long Stop { get; init; }

    [JsonPropertyOrder(50)]
    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    [JsonPropertyOrder(51)]
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    [JsonPropertyOrder(52)]
    public IReadOnlyList<Parameter> Parameters { get; init; } = [];
}
