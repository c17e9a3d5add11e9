namespace VeilorQA.Harness.Targets;

/// <summary>One piece of evidence written by <see cref="ITarget.CollectEvidenceAsync"/>: a file and its media type (image/png, text/plain, application/xml).</summary>
public sealed record EvidenceFile(string Name, string Path, string MediaType);
