namespace VeilorQA.Harness.Reporting;

/// <summary>A set-up or tear-down (one entry of a container's <c>befores</c>/<c>afters</c>).</summary>
public sealed record FixtureResult
{
    public required string Name { get; init; }

    public AllureStatus Status { get; init; }

    public StatusDetails? StatusDetails { get; init; }

    public AllureStage Stage { get; init; } = AllureStage.Finished;

    public long Start { get; init; }

    public long Stop { get; init; }

    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public IReadOnlyList<Parameter> Parameters { get; init; } = [];
}
