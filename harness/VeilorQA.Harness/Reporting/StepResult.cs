namespace VeilorQA.Harness.Reporting;

/// <summary>One step of a test (nested steps allowed), with its own status, parameters and attachments.</summary>
public sealed record StepResult : ExecutableItem;
