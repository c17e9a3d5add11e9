namespace VeilorQA.Harness.Reporting;

/// <summary>Why a test or step ended as it did: first the message, then the stack trace.</summary>
public sealed record StatusDetails
{
    public string? Message { get; init; }

    public string? Trace { get; init; }

    /// <summary>A known issue: the failure is expected until the issue is fixed.</summary>
    public bool Known { get; init; }

    public bool Muted { get; init; }

    public bool Flaky { get; init; }
}
