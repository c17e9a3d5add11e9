using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>A release suite (an NUnit fixture in VeilorQA.Release) with the capabilities it cannot run without.</summary>
public sealed record Suite(string Name, string? Description, ValueList<Capability> Requires, SuiteSettings Settings);
