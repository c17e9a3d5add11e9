namespace VeilorQA.Harness.Reporting;

/// <summary>One step of a test (nested steps allowed), with its own status, parameters and attachments.</summary>
public sealed record StepResult
{
    public required string Name { get; init; }

    public AllureStatus Status { get; init; }

    public StatusDetails? StatusDetails { get; init; }

    public AllureStage Stage { get; init; } = AllureStage.Finished;

    /// <summary>Start, in milliseconds since the Unix epoch.</summary>
    public long Start { get; init; }

    /// <summary>Stop, in milliseconds since the Unix epoch.</summary>
    public long Stop { get; init; }

    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public IReadOnlyList<Parameter> Parameters { get; init; } = [];
}
