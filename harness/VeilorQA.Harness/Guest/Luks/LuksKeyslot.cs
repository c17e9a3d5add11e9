namespace VeilorQA.Harness.Guest.Luks;

/// <summary>A LUKS2 keyslot and how its key is derived (PBKDF type and cost).</summary>
public sealed record LuksKeyslot(string Id, string Type, string? Pbkdf, string? Hash, long? Iterations, long? MemoryKiB, int? TimeCost, int? Threads);
