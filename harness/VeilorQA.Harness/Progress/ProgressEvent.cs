namespace VeilorQA.Harness.Progress;

/// <summary>One line of live progress: which suite, test and step is running, and since when.</summary>
public sealed record ProgressEvent(DateTimeOffset Time, string Kind, string Suite, string? Test, string? Step, string? Status, string? Message);
