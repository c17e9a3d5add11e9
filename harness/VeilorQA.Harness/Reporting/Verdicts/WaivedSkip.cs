namespace VeilorQA.Harness.Reporting.Verdicts;

/// <summary>A skipped test a waiver of the run accepted: which test, which waiver (<c>suite/subject</c>), and the waiver's reason.</summary>
public sealed record WaivedSkip(string Test, string Waiver, string Reason)
{
    public override string ToString() => $"{Test} under {Waiver} ({Reason})";
}
