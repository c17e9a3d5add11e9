namespace VeilorQA.Harness.Reporting;

/// <summary>A test that did not pass, as the plain summary lists it: name, status, first line of its message.</summary>
public sealed record SummaryEntry(string FullName, AllureStatus Status, string FirstMessageLine);
