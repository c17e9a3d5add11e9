namespace VeilorQA.Harness.Reporting;

/// <summary>A reference from a test or step to a file in the results folder (<c>{uuid}-attachment.{ext}</c>).</summary>
public sealed record Attachment(string Name, string Source, string Type);
