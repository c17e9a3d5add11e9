namespace VeilorQA.Harness.Waiting;

/// <summary>A finished <see cref="Poll"/>: the probe's value, how long the wait took and how many looks it needed.</summary>
public sealed record Polled<T>(T Value, TimeSpan Elapsed, int Polls);
