namespace VeilorQA.Harness.Reporting;

/// <summary>A link from a test to an issue, a test case or any page; <see cref="Type"/> is <c>link</c>, <c>issue</c> or <c>tms</c>.</summary>
public sealed record Link(string Name, string Url, string Type = "link");
