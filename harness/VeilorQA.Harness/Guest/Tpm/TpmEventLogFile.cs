namespace VeilorQA.Harness.Guest.Tpm;

/// <summary>Whether the kernel exposes the firmware's event log and how many bytes it holds.</summary>
public sealed record TpmEventLogFile(string Path, bool Readable, long SizeBytes);
