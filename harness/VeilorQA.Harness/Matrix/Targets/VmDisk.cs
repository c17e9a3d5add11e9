namespace VeilorQA.Harness.Matrix.Targets;

/// <summary>One VM disk; the first is the system disk (install target, or the reference image grown to this size).</summary>
public sealed record VmDisk(int SizeGib);
