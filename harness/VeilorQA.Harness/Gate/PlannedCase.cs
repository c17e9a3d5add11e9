namespace VeilorQA.Harness.Gate;

/// <summary>A case the gate expects a verdict for: a suite of a default run on its target.</summary>
public sealed record PlannedCase(string Run, string Suite, string Target);
