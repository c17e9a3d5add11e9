namespace VeilorQA.Harness.Reporting;

/// <summary>A set-up or tear-down (one entry of a container's <c>befores</c>/<c>afters</c>).</summary>
public sealed record FixtureResult : ExecutableItem;
