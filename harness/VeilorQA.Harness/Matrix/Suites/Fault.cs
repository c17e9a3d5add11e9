namespace VeilorQA.Harness.Matrix.Suites;

/// <summary>A breakage the reference guest switches on per boot, the suite it must turn red and how it shows.</summary>
/// <param name="Name">The SMBIOS SKU word that switches it on.</param>
/// <param name="Breaks">The suite it must make fail.</param>
/// <param name="Symptom">What it looks like on a booted guest.</param>
/// <param name="Expect">A regular expression one product failure message of the broken suite must match (<c>expect:</c>, required;
/// checked by <see cref="FaultExpectation.Problem"/>).</param>
public sealed record Fault(string Name, string Breaks, string Symptom, string Expect);
