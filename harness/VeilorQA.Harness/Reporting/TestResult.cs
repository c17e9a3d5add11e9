namespace VeilorQA.Harness.Reporting;

/// <summary>One run of one test: the content of a <c>{uuid}-result.json</c> file.</summary>
/// <remarks>
/// <see cref="HistoryId"/> is the same for every run of the same test with the same parameters, so Allure
/// can show history and retries; <see cref="TestCaseId"/> is the same for every run of the test whatever
/// its parameters.
/// </remarks>
public sealed record TestResult
{
    public required string Uuid { get; init; }

    public required string HistoryId { get; init; }

    public string? TestCaseId { get; init; }

    public required string FullName { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<Link> Links { get; init; } = [];

    public IReadOnlyList<Label> Labels { get; init; } = [];

    public AllureStatus Status { get; init; }

    public StatusDetails? StatusDetails { get; init; }

    public AllureStage Stage { get; init; } = AllureStage.Finished;

    public string? Description { get; init; }

    public long Start { get; init; }

    public long Stop { get; init; }

    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public IReadOnlyList<Parameter> Parameters { get; init; } = [];
}
