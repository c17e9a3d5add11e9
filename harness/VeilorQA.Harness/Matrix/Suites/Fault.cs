namespace VeilorQA.Harness.Matrix;

/// <summary>A breakage the reference guest switches on per boot, the suite it must turn red and how it shows.</summary>
public sealed record Fault(string Name, string Breaks, string Symptom);
